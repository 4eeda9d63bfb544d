#include "report/html_renderer.h"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>

#include "common/error.h"
#include "common/utf8_path.h"
#include "report/svg_chart_writer.h"

namespace twinbench::report {
namespace {

constexpr const char* style_sheet = R"css(
:root { --ink: #282c34; --muted: #5c6370; --rule: #d8dce2; --accent: #0b5394; --warn: #a94400; }
* { box-sizing: border-box; }
body { font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; color: var(--ink);
       max-width: 62rem; margin: 0 auto; padding: 2rem 2.5rem 4rem; line-height: 1.45; font-size: 15px; }
header.title { border-bottom: 3px solid var(--accent); padding-bottom: 1.2rem; margin-bottom: 2rem; }
header.title h1 { font-size: 2rem; margin: 0 0 .3rem; color: var(--accent); }
header.title .question { font-size: 1.15rem; margin: .6rem 0 1rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.2rem; margin: 0; }
dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; }
nav.toc { background: #f5f7fa; border: 1px solid var(--rule); padding: .8rem 1.4rem; margin-bottom: 2rem; }
nav.toc h2 { font-size: 1rem; margin: 0 0 .4rem; border: 0; }
nav.toc ol { list-style: none; padding-left: 0; margin: 0; }
nav.toc li.l2 { padding-left: 1.6rem; font-size: .95em; }
nav.toc a { color: var(--ink); text-decoration: none; } nav.toc a:hover { text-decoration: underline; }
nav.toc .num { display: inline-block; min-width: 2.4rem; color: var(--muted); }
h2 { font-size: 1.45rem; color: var(--accent); border-bottom: 1px solid var(--rule); padding-bottom: .2rem; margin-top: 2.4rem; }
h3 { font-size: 1.15rem; margin-top: 1.8rem; }
table { border-collapse: collapse; margin: .6rem 0 1.2rem; font-size: .9rem; }
caption { caption-side: top; text-align: left; font-weight: 600; padding-bottom: .3rem; }
th.num { text-align: right; }
th, td { padding: .25rem .7rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); background: #f5f7fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.kv th { font-weight: normal; color: var(--muted); }
p.note { color: var(--muted); font-size: .92rem; }
p.warning { border-left: 4px solid var(--warn); background: #fff4ea; padding: .4rem .8rem; }
figure { margin: 1rem 0 1.6rem; } figure svg { width: 100%; height: auto; max-width: 46rem; display: block; }
figcaption { color: var(--muted); font-size: .9rem; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--rule); padding-top: .6rem; }
@media print { body { max-width: none; padding: 0; } h2 { break-after: avoid; } figure, table { break-inside: avoid; } }
)css";

struct BlockWriter {
    std::string& out;
    void operator()(const Paragraph& p) const {
        const char* cls = p.style == ParagraphStyle::note      ? " class=\"note\""
                          : p.style == ParagraphStyle::warning ? " class=\"warning\""
                                                               : "";
        out += fmt::format("<p{}>{}</p>\n", cls, xml_escape(p.text));
    }
    void operator()(const KeyValueTable& t) const {
        out += "<table class=\"kv\">";
        if (!t.caption.empty()) out += "<caption>" + xml_escape(t.caption) + "</caption>";
        out += "\n<tbody>\n";
        for (const auto& [key, value] : t.rows)
            out += "<tr><th scope=\"row\">" + xml_escape(key) + "</th><td>" +
                   xml_escape(value.text) + "</td></tr>\n";
        out += "</tbody></table>\n";
    }
    void operator()(const DataTable& t) const {
        out += "<table>";
        if (!t.caption.empty()) out += "<caption>" + xml_escape(t.caption) + "</caption>";
        out += "\n<thead><tr>";
        // Columns of numbers are right-aligned throughout, header and text cells included.
        std::vector<bool> numeric(std::max(t.header.size(), t.rows.empty() ? 0 : t.rows[0].size()),
                                  false);
        for (const auto& row : t.rows)
            for (std::size_t c = 0; c < row.size() && c < numeric.size(); ++c)
                if (row[c].value) numeric[c] = true;
        for (std::size_t c = 0; c < t.header.size(); ++c)
            out += fmt::format("<th scope=\"col\"{}>{}</th>", numeric[c] ? " class=\"num\"" : "",
                               xml_escape(t.header[c]));
        out += "</tr></thead>\n<tbody>\n";
        for (const auto& row : t.rows) {
            out += "<tr>";
            for (std::size_t c = 0; c < row.size(); ++c)
                out += fmt::format("<td{}>{}</td>",
                                   c < numeric.size() && numeric[c] ? " class=\"num\"" : "",
                                   xml_escape(row[c].text));
            out += "</tr>\n";
        }
        out += "</tbody></table>\n";
    }
    void operator()(const Chart& c) const {
        out += "<figure>\n" + chart_svg(c) + "\n";
        if (!c.caption.empty()) out += "<figcaption>" + xml_escape(c.caption) + "</figcaption>\n";
        out += "</figure>\n";
    }
};

}  // namespace

std::string render_html(const ReportDocument& document) {
    const auto& t = document.title;
    std::string out;
    out.reserve(1 << 20);
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out +=
        "<meta name=\"generator\" content=\"Twinbench " + xml_escape(t.twinbench_version) + "\">\n";
    out += "<title>" + xml_escape(t.title) + "</title>\n<style>" + style_sheet +
           "</style>\n</head>\n<body>\n";
    out += "<header class=\"title\">\n<h1>" + xml_escape(t.title) + "</h1>\n";
    if (!t.question.empty())
        out += "<p class=\"question\"><strong>Question studied:</strong> " +
               xml_escape(t.question) + "</p>\n";
    out += "<dl class=\"meta\">\n";
    for (const auto& [key, value] : {std::pair{"Project", t.project},
                                     {"Dataset", t.dataset},
                                     {"Author", t.author},
                                     {"Date", t.date},
                                     {"Twinbench", t.twinbench_version}})
        if (!value.empty()) out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", key, xml_escape(value));
    out += "</dl>\n</header>\n";

    out += "<nav class=\"toc\">\n<h2>Contents</h2>\n<ol>\n";
    for (const auto& e : document.table_of_contents())
        out += fmt::format(
            "<li class=\"l{}\"><a href=\"#{}\"><span class=\"num\">{}</span>{}</a></li>\n", e.level,
            xml_escape(e.anchor), xml_escape(e.number), xml_escape(e.title));
    out += "</ol>\n</nav>\n";

    const BlockWriter writer{out};
    for (const auto& s : document.sections) {
        const int h = s.level <= 1 ? 2 : 3;
        out += fmt::format("<section id=\"{}\">\n<h{}>{} {}</h{}>\n", xml_escape(s.anchor), h,
                           xml_escape(s.number), xml_escape(s.title), h);
        for (const auto& b : s.blocks) std::visit(writer, b);
        out += "</section>\n";
    }
    out += "<footer>Generated by Twinbench " + xml_escape(t.twinbench_version) + " on " +
           xml_escape(t.date) + ".</footer>\n</body>\n</html>\n";
    return out;
}

void write_html(const ReportDocument& document, const std::filesystem::path& path) {
    const std::string html = render_html(document);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(html.data(), static_cast<std::streamsize>(html.size()));
    out.close();
    if (!out) throw ProjectError("cannot write the report to " + utf8_path_string(path));
}

}  // namespace twinbench::report
