// The report for a doctor: one self-contained page (no scripts, nothing loaded from
// elsewhere) with the date, the answers, the triage and why, the causes with their
// evidence and sources, the questions left open and the disclaimer; every text escaped.
#include "report_html.h"

#include <catch2/catch.hpp>

#include <spotcheck/evaluator.h>

using namespace spotcheck;
using Catch::Contains;

namespace {

std::string page(std::string_view case_json) {
  const auto kb = KnowledgeBase::embedded();
  Case c(*kb);
  REQUIRE_FALSE(read_case(*kb, case_json, c));
  Evaluator ev(*kb, EvaluationOptions{5, 10});
  return cli::render_report_html(*kb, c, ev.evaluate(c), "2026-12-01");
}

}  // namespace

TEST_CASE("html_escaped escapes the five characters that matter", "[report]") {
  CHECK(cli::html_escaped(R"(<b>"Tom" & 'Jerry'</b>)") ==
        "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;");
  CHECK(cli::html_escaped("plain 38 C / 100.4 F") == "plain 38 C / 100.4 F");
}

TEST_CASE("the report holds what a doctor needs, in order", "[report]") {
  const std::string html = page(R"({"age": 3, "lesion": "petechiae", "fever": true})");
  const auto at = [&](std::string_view s) {
    const auto p = html.find(s);
    INFO(s);
    CHECK(p != std::string::npos);
    return p;
  };
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(at("Written on 2026-12-01") < at("EMERGENCY: Call the emergency number"));
  CHECK(at("EMERGENCY: Call the emergency number") < at("<h3>Why</h3>"));
  CHECK(at("Fever with spots that do not fade") < at("What we were told"));
  CHECK(at("How old is the person?</td><td class=\"answer\">3 years") <
        at("Possible causes to discuss"));
  CHECK(at("Meningococcal disease") < at("Questions left open"));
  CHECK(at("Must not be missed") > at("Possible causes to discuss"));
  CHECK(at("Questions left open") < at("<h2>Sources</h2>"));
  // Sources cited by the reasons and causes, with their address written out.
  CHECK(at("https://www.nice.org.uk/guidance/ng143") > at("<h2>Sources</h2>"));
  // The disclaimer opens and closes the page.
  const std::string disclaimer = "Educational information, not a diagnosis.";
  CHECK(html.find(disclaimer) < html.find("<h2>Advice</h2>"));
  CHECK(html.rfind(disclaimer) > html.find("<h2>Sources</h2>"));
}

TEST_CASE("the report is self-contained: no scripts and nothing loaded", "[report]") {
  const std::string html = page(R"({"age": 70, "lesion": "ecchymosis", "anticoagulant": true})");
  for (const char* banned : {"<script", "<link", "<img", "<iframe", "@import", "src=", "url("})
    CHECK_THAT(html, !Contains(banned));
  CHECK_THAT(html, Contains("<meta charset=\"utf-8\">") && Contains("@media print"));
}

TEST_CASE("the report says what was not answered is unknown and lists open questions", "[report]") {
  const std::string html = page(R"({"age": 30, "lesion": "ecchymosis"})");
  CHECK_THAT(html, Contains("it is unknown, not no"));
  CHECK_THAT(html, Contains("could still make this EMERGENCY"));
  CHECK_THAT(html, Contains("Is there a fever"));
  CHECK_THAT(page("{}"), Contains("Nothing was answered."));
}
