# Builds Twinbench on Windows and packs the .msi (WiX v4) and the .zip: the steps of
# docs/WINDOWS_BUILD.md in one script. Run from a "x64 Native Tools Command Prompt for
# VS 2022" started as PowerShell (`powershell -ExecutionPolicy Bypass -File ...`), in the
# source folder. Written on Linux and NOT run there: see docs/WINDOWS_BUILD.md, "Status".
#
#   installer\windows\build-windows.ps1 -QtDir C:\Qt\6.8.3\msvc2022_64 -VcpkgRoot C:\src\vcpkg `
#       -QCustomPlotSource C:\src\qcustomplot-source
param(
    [Parameter(Mandatory = $true)] [string] $QtDir,
    [Parameter(Mandatory = $true)] [string] $VcpkgRoot,
    [Parameter(Mandatory = $true)] [string] $QCustomPlotSource,
    [string] $TzdataVersion = "2025b",
    [string] $BuildDir = "build\windows",
    [switch] $SkipPackage
)
$ErrorActionPreference = "Stop"
$source = (Resolve-Path "$PSScriptRoot\..\..").Path
$deps = Join-Path $source "$BuildDir-deps"
New-Item -ItemType Directory -Force -Path $deps | Out-Null

function Invoke-Step([string] $what, [scriptblock] $action) {
    Write-Host "== $what" -ForegroundColor Cyan
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $action
    if ($LASTEXITCODE -ne 0) { throw "$what failed (exit code $LASTEXITCODE)" }
    Write-Host ("   {0:n0} s" -f $watch.Elapsed.TotalSeconds)
}

foreach ($tool in "cl", "cmake", "ninja", "git") {
    if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) {
        throw "$tool is not on PATH: start a 'x64 Native Tools Command Prompt for VS 2022' (docs/WINDOWS_BUILD.md step 1)"
    }
}
# CPack's WiX v4 support (CPACK_WIX_VERSION 4) needs CMake 3.30; the CMake bundled with Visual
# Studio 2022 is older and comes first on PATH in its prompt. Checked before vcpkg's half hour.
$cmakeVersion = [version](((cmake --version | Select-Object -First 1) -replace '^cmake version ([0-9]+\.[0-9]+\.[0-9]+).*$', '$1'))
if ($cmakeVersion -lt [version]"3.30.0") {
    throw "CMake $cmakeVersion ($((Get-Command cmake).Source)) is too old: install 3.30 or newer (winget install Kitware.CMake) and put it first on PATH"
}
if (-not (Test-Path "$QtDir\lib\cmake\Qt6\Qt6Config.cmake")) { throw "no Qt 6 in $QtDir (want e.g. C:\Qt\6.8.3\msvc2022_64)" }
if (-not (Test-Path "$VcpkgRoot\scripts\buildsystems\vcpkg.cmake")) { throw "no vcpkg in $VcpkgRoot" }
if (-not (Test-Path "$QCustomPlotSource\qcustomplot.cpp")) { throw "no qcustomplot.cpp in $QCustomPlotSource" }

# 1. QCustomPlot against this Qt.
$qcpInstall = Join-Path $deps "qcustomplot"
Invoke-Step "QCustomPlot" {
    cmake -S "$source\installer\windows\qcustomplot" -B "$deps\qcustomplot-build" -G Ninja `
        -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=$QtDir" "-DQCUSTOMPLOT_SOURCE_DIR=$QCustomPlotSource" `
        "-DCMAKE_INSTALL_PREFIX=$qcpInstall"
    if ($LASTEXITCODE -eq 0) { cmake --build "$deps\qcustomplot-build" }
    if ($LASTEXITCODE -eq 0) { cmake --install "$deps\qcustomplot-build" }
}

# 2. The IANA time zone files and CLDR's Windows zone names, for date (no zoneinfo on Windows).
$tzdata = Join-Path $deps "tzdata"
if (-not (Test-Path "$tzdata\windowsZones.xml")) {
    Invoke-Step "tzdata $TzdataVersion" {
        New-Item -ItemType Directory -Force -Path $tzdata | Out-Null
        Invoke-WebRequest "https://data.iana.org/time-zones/releases/tzdata$TzdataVersion.tar.gz" -OutFile "$deps\tzdata.tar.gz"
        tar -xzf "$deps\tzdata.tar.gz" -C $tzdata
        Invoke-WebRequest "https://raw.githubusercontent.com/unicode-org/cldr/main/common/supplemental/windowsZones.xml" `
            -OutFile "$tzdata\windowsZones.xml"
    }
}

# 3. Configure (vcpkg installs the manifest's libraries on the first run: 20-40 min), build.
$build = Join-Path $source $BuildDir
Invoke-Step "configure" {
    cmake -S $source -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release `
        "-DCMAKE_TOOLCHAIN_FILE=$VcpkgRoot\scripts\buildsystems\vcpkg.cmake" `
        "-DVCPKG_MANIFEST_DIR=$source\installer\windows" -DVCPKG_TARGET_TRIPLET=x64-windows-static-md `
        -DVCPKG_HOST_TRIPLET=x64-windows `
        "-DCMAKE_PREFIX_PATH=$QtDir;$qcpInstall" "-DTWINBENCH_TZDATA_DIR=$tzdata" `
        -DTWINBENCH_BUILD_TESTS=OFF -DTWINBENCH_BUILD_BENCH=OFF
}
Invoke-Step "build" { cmake --build $build }

# 4. Install into a staging folder and smoke-test the installed programs, as on Linux. The
#    install runs windeployqt; the offscreen platform plugin the screenshot needs is installed
#    beside qwindows by windows_install.cmake. CPack installs again into its own folder.
$stage = Join-Path $build "stage"
if (Test-Path $stage) { Remove-Item -Recurse -Force $stage }
Invoke-Step "install to $stage" { cmake --install $build --prefix $stage }
$work = Join-Path $build "smoke"
if (Test-Path $work) { Remove-Item -Recurse -Force $work }
Invoke-Step "twinbench-cli --version" { & "$stage\bin\twinbench-cli.exe" --version }
Invoke-Step "twinbench-cli sample" { & "$stage\bin\twinbench-cli.exe" sample "$work\plant" --days 7 }
$csv = Get-ChildItem "$work\plant\*.csv" | ForEach-Object { $_.FullName }
Invoke-Step "twinbench-cli import" {
    & "$stage\bin\twinbench-cli.exe" import "$work\p.twin" @csv --dataset plant --timezone Europe/Berlin
}
Invoke-Step "twinbench-cli fit" { & "$stage\bin\twinbench-cli.exe" fit "$work\p.twin" --json > "$work\fit.json" }
Invoke-Step "twinbench --screenshot (installed sample plant)" {
    $env:QT_QPA_PLATFORM = "offscreen"
    & "$stage\bin\twinbench.exe" --screenshot "$work\workbench.png" | Out-Default
    Remove-Item Env:\QT_QPA_PLATFORM
}

# 5. Packages: build\windows\packages\twinbench-<version>-windows-x64.msi and .zip.
if (-not $SkipPackage) {
    Invoke-Step "cpack WIX;ZIP" { Push-Location $build; cpack -G "WIX;ZIP"; Pop-Location }
    Get-ChildItem "$build\packages" | Format-Table Name, Length
}
