#!/usr/bin/env python3
"""Checks of the Windows recipe that can run on Linux (issue 19; docs/WINDOWS_BUILD.md).

No Windows machine, WiX or windeployqt runs here, so what the recipe's files promise each
other is checked instead:

  wix PATCH --installed bin/twinbench.exe ... [--product-icon]
      The CPack WiX patch refers only to ids that exist: its fragments to the components and
      files CPack generates for the install tree (CM_CP_<path>, CM_FP_<path>, as
      cmCPackWIXGenerator::CreateNewIdForPath makes them), a non-advertised ProgId's Icon and
      every Verb's TargetFile to a File, an advertised ProgId's or a Shortcut's Icon to an Icon
      element (CPack declares "ProductIcon.ico" from CPACK_WIX_PRODUCT_ICON).
  script PS1 --windows-install CMAKE --doc MD
      build-windows.ps1 runs its steps in the order the build and CPack need them (CMake's
      version before anything, QCustomPlot and tzdata before configure, configure, build,
      install, the smoke tests on the installed tree, then cpack); a smoke test that asks for
      the offscreen Qt platform finds it deployed by windows_install.cmake; the docs' configure
      command passes the same -D options as the script's.
  manifest FILE
      The application manifest is XML and declares UTF-8 as the active code page.

Exit code 0 when every check holds; 1 with one "error:" line per problem otherwise.
"""
import argparse
import re
import sys
import xml.etree.ElementTree as ET

errors = []


def error(message):
    errors.append(message)
    print("error: " + message)


def local(tag):
    return tag.rsplit("}", 1)[-1]


# cmCPackWIXGenerator::CreateNewIdForPath and NormalizeComponentForId: the path relative to
# the install root, each component with characters outside [A-Za-z0-9_.] replaced by '_',
# joined with '.', prefixed with "P_". Past 60 characters or a third replaced, CPack uses a
# hash ("H_...") that a patch cannot name in advance.
def cpack_path_id(relative_path):
    parts = [p for p in relative_path.replace("\\", "/").split("/") if p]
    replaced = 0
    normalized = []
    for part in parts:
        clean = "".join(c if re.match(r"[A-Za-z0-9_.]", c) else "_" for c in part)
        replaced += sum(1 for a, b in zip(part, clean) if a != b)
        normalized.append(clean)
    identifier = ".".join(normalized)
    if replaced * 100 // len(identifier) > 33 or len(identifier) > 60:
        return None
    return "P_" + identifier


def check_wix(args):
    files, components, directories = set(), set(), set()
    for path in args.installed:
        pid = cpack_path_id(path)
        if pid is None:
            error(f"CPack would give {path} a hashed id, which a patch cannot refer to")
            continue
        files.add("CM_F" + pid)
        components.add("CM_C" + pid)
        parent = path.replace("\\", "/").rsplit("/", 1)[0] if "/" in path else ""
        while parent:
            directories.add("CM_D" + cpack_path_id(parent))
            parent = parent.rsplit("/", 1)[0] if "/" in parent else ""
    icons = {"ProductIcon.ico"} if args.product_icon else set()

    try:
        root = ET.parse(args.patch).getroot()
    except ET.ParseError as e:
        error(f"{args.patch}: not well-formed XML: {e}")
        return
    if local(root.tag) != "CPackWiXPatch":
        error(f"{args.patch}: the root element is {local(root.tag)}, not CPackWiXPatch")
        return
    # Ids the patch defines itself.
    for element in root.iter():
        ident = element.get("Id")
        if ident is None or local(element.tag) == "CPackWiXFragment":
            continue
        kind = local(element.tag)
        if kind == "Icon":
            icons.add(ident)
        elif kind == "File":
            files.add(ident)
        elif kind == "Component":
            components.add(ident)
        elif kind == "Directory":
            directories.add(ident)

    def where(element):
        return f"{args.patch}: {local(element.tag)} '{element.get('Id', '')}'"

    fragments = 0
    for fragment in root:
        if local(fragment.tag) != "CPackWiXFragment":
            error(f"{args.patch}: {local(fragment.tag)} at the top level; CPack reads only "
                  "CPackWiXFragment elements there")
            continue
        fragments += 1
        target = fragment.get("Id", "")
        if target not in {"#PRODUCT", "#PRODUCTFEATURE"} | components | files | directories:
            error(f"{args.patch}: CPackWiXFragment Id '{target}' names nothing CPack generates "
                  f"for the install tree (components: {', '.join(sorted(components))})")
    if fragments == 0:
        error(f"{args.patch}: no CPackWiXFragment")

    for element in root.iter():
        kind = local(element.tag)
        if kind == "ProgId" and element.get("Icon") is not None:
            icon = element.get("Icon")
            if element.get("Advertise", "no") == "yes":
                if icon not in icons:
                    error(f"{where(element)}: Icon='{icon}' names no Icon element (an advertised "
                          "ProgId takes an Icon element's Id)")
            elif icon not in files:
                what = "an Icon element, not a File" if icon in icons else "no File"
                error(f"{where(element)}: Icon='{icon}' names {what}; a ProgId that is not "
                      "advertised takes the Id of a File holding the icon (e.g. the .exe, "
                      "with IconIndex)")
        if kind == "Verb":
            target_file = element.get("TargetFile")
            if target_file is None and element.get("TargetProperty") is None:
                error(f"{where(element)}: neither TargetFile nor TargetProperty")
            elif target_file is not None and target_file not in files:
                error(f"{where(element)}: TargetFile='{target_file}' names no File")
        if kind == "Shortcut" and element.get("Icon") is not None:
            if element.get("Icon") not in icons:
                error(f"{where(element)}: Icon='{element.get('Icon')}' names no Icon element")
        if kind == "ComponentRef" and element.get("Id") not in components:
            error(f"{where(element)}: names no Component")
        for name, value in element.attrib.items():
            for ref in re.findall(r"\[#([^\]]+)\]", value):
                if ref not in files:
                    error(f"{where(element)}: {name} refers to [#{ref}], no File")


def step_names(script_text):
    return re.findall(r'Invoke-Step\s+"([^"]+)"', script_text)


def configure_options(text):
    return set(re.findall(r'"?-D([A-Z][A-Z0-9_]*)=', text))


def check_script(args):
    script = open(args.script, encoding="utf-8").read()
    steps = step_names(script)
    if not steps:
        error(f"{args.script}: no Invoke-Step found")
        return

    def index(pattern, what):
        hits = [i for i, s in enumerate(steps) if re.search(pattern, s)]
        if not hits:
            error(f"{args.script}: no step for {what} (steps: {steps})")
            return None
        return hits

    def before(first, second, why):
        a, b = index(*first), index(*second)
        if a is not None and b is not None and max(a) >= min(b):
            error(f"{args.script}: '{steps[max(a)]}' must come before '{steps[min(b)]}' ({why})")

    qcp = (r"^QCustomPlot", "QCustomPlot")
    tz = (r"^tzdata", "the time zone data")
    configure = (r"^configure$", "configure")
    build = (r"^build$", "build")
    install = (r"^install", "install")
    smoke = (r"^twinbench(-cli)? ", "the smoke tests")
    cpack = (r"^cpack", "cpack")
    before(qcp, configure, "configure finds QCustomPlotQt6 through CMAKE_PREFIX_PATH")
    before(tz, configure, "configure checks TWINBENCH_TZDATA_DIR")
    before(configure, build, "build needs the configured tree")
    before(build, install, "install copies what was built")
    before(install, smoke, "the smoke tests run the installed programs")
    before(smoke, cpack, "only a tree that passed the smoke tests is packed")

    first_step = script.find("Invoke-Step \"")
    version_check = re.search(r"3\.30", script)
    if version_check is None or version_check.start() > first_step:
        error(f"{args.script}: no check for CMake 3.30 before the first step (CPack's WiX v4 "
              "needs it; Visual Studio's bundled CMake is older)")

    deploy = open(args.windows_install, encoding="utf-8").read()
    if "QT_QPA_PLATFORM" in script and "offscreen" in script:
        if "QOffscreenIntegrationPlugin" not in deploy:
            error(f"{args.script} runs the GUI with QT_QPA_PLATFORM=offscreen but "
                  f"{args.windows_install} does not install the offscreen plugin "
                  "(windeployqt deploys qwindows only)")
    if "QCustomPlotQt6" in deploy and "Qt6::PrintSupport" not in deploy:
        error(f"{args.windows_install}: installs QCustomPlot but not Qt6PrintSupport.dll, "
              "which windeployqt does not find (only QCustomPlot imports it)")

    configure_block = re.search(r'Invoke-Step\s+"configure"\s*\{(.*?)\n\}', script, re.S)
    doc = open(args.doc, encoding="utf-8").read()
    # The docs' configure command: the line "cmake -S . -B build\windows ..." and the lines
    # it continues on with cmd's "^".
    doc_configure = re.search(r"^cmake -S \. -B build\\windows (?:[^\n]*\^\n)*[^\n]*$", doc, re.M)
    if configure_block is None or doc_configure is None:
        error(f"the configure command was not found in {args.script} or in {args.doc}")
    else:
        in_script = configure_options(configure_block.group(1))
        in_doc = configure_options(doc_configure.group(0))
        if in_script != in_doc:
            error(f"the configure options differ: only in {args.script}: "
                  f"{sorted(in_script - in_doc)}, only in {args.doc}: {sorted(in_doc - in_script)}")


def check_manifest(args):
    try:
        root = ET.parse(args.manifest).getroot()
    except ET.ParseError as e:
        error(f"{args.manifest}: not well-formed XML: {e}")
        return
    pages = [e.text for e in root.iter() if local(e.tag) == "activeCodePage"]
    if pages != ["UTF-8"]:
        error(f"{args.manifest}: activeCodePage is {pages}, not UTF-8 (core/common/utf8_path.h "
              "hands narrow APIs UTF-8 names)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    wix = sub.add_parser("wix")
    wix.add_argument("patch")
    wix.add_argument("--installed", nargs="+", required=True,
                     help="paths in the install tree, relative to it")
    wix.add_argument("--product-icon", action="store_true",
                     help="CPACK_WIX_PRODUCT_ICON is set (CPack declares Icon ProductIcon.ico)")
    script = sub.add_parser("script")
    script.add_argument("script")
    script.add_argument("--windows-install", required=True)
    script.add_argument("--doc", required=True)
    manifest = sub.add_parser("manifest")
    manifest.add_argument("manifest")
    args = parser.parse_args()
    {"wix": check_wix, "script": check_script, "manifest": check_manifest}[args.command](args)
    if errors:
        return 1
    print(f"{args.command}: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
