// The report for the doctor (--report FILE.html on query and ask): one self-contained,
// printable HTML page with the date, the answers, the triage and why, the causes to
// discuss with their evidence and sources, the questions left open and the disclaimer.
// No scripts, no style sheets or images from elsewhere: it opens the same offline, in any
// browser, and prints on paper.
#pragma once

#include <string>
#include <string_view>

#include <spotcheck/case.h>
#include <spotcheck/evaluator.h>
#include <spotcheck/knowledge_base.h>

namespace spotcheck::cli {

/// `text` with &, <, >, " and ' as character references, for HTML text and attributes.
std::string html_escaped(std::string_view text);

/// Today's date as YYYY-MM-DD (UTC); with SOURCE_DATE_EPOCH set (reproducible builds'
/// convention), that time's date instead, so that a report can be compared byte for byte.
std::string report_date();

/// The page for case `c` and its result `r` (evaluated with as many causes and next
/// questions as the page should show), dated `date`.
std::string render_report_html(const KnowledgeBase& kb, const Case& c, const Result& r,
                               std::string_view date);

/// Evaluates `c` as the report shows it (5 causes, 10 open questions), renders the page
/// and writes it to `path` whole or not at all (exit 74 on failure).
void write_report(const KnowledgeBase& kb, const Case& c, const std::string& path);

}  // namespace spotcheck::cli
