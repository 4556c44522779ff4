// The JSON result (docs/contract.md section 6) and batch error records: shape, field choice,
// and always-valid UTF-8.
#include <cmath>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <spotcheck/result_json.h>

using namespace spotcheck;
using nlohmann::json;

namespace {

json result_for(std::string_view case_json, std::uint32_t fields = kFieldAll) {
  const auto kb = KnowledgeBase::embedded();
  Case c(*kb);
  REQUIRE_FALSE(read_case(*kb, case_json, c));
  Evaluator ev(*kb);
  std::string out;
  ResultWriter(*kb).append(c, ev.evaluate(c), fields, out);
  CHECK(out.find('\n') == std::string::npos);
  return json::parse(out);
}

}  // namespace

TEST_CASE("a result has the contract's fields and types", "[result_json]") {
  const json r = result_for(
      R"({"id": "c1", "age": 4, "lesion": "petechiae", "fever": true, "blanching": false})");
  CHECK(r["schema_version"] == 1);
  CHECK(r["id"] == "c1");
  CHECK(r["lesion"]["type"] == "petechiae");
  CHECK(r["lesion"]["basis"] == "given");
  CHECK(r["triage"]["level"] == "emergency");
  REQUIRE(r["triage"]["reasons"].is_array());
  REQUIRE_FALSE(r["triage"]["reasons"].empty());
  CHECK(r["triage"]["reasons"][0]["rule"].is_string());
  CHECK(r["triage"]["reasons"][0]["text"].is_string());
  REQUIRE(r["causes"].is_array());
  REQUIRE(r["causes"].size() == 5);
  for (const json& c : r["causes"]) {
    CHECK(c["id"].is_string());
    CHECK(c["category"].is_string());
    CHECK(c["score"].get<double>() >= 0);
    CHECK(c["score"].get<double>() <= 1);
    CHECK(c["evidence_for"].is_array());
    CHECK(c["evidence_against"].is_array());
  }
  CHECK(r["next_questions"].is_array());
  for (const json& q : r["next_questions"]) {
    CHECK(q["finding"].is_string());
    CHECK(q["text"].is_string());
    CHECK(q["why"].is_string());
  }
  CHECK(r["kb"]["name"] == KnowledgeBase::embedded()->name());
  CHECK(r["kb"]["sha256"].get<std::string>().size() == 64);
}

TEST_CASE("possible_level says how urgent the unknown answers could make it", "[result_json]") {
  // Sparse answers: the level is what the answers reach, possible_level what is still open.
  json r = result_for(R"({"age": 30, "lesion": "ecchymosis"})");
  CHECK(r["triage"]["level"] == "routine");
  CHECK(r["triage"]["possible_level"] == "emergency");
  // Nothing answered at all: it could be an emergency.
  r = result_for("{}");
  CHECK(r["triage"]["possible_level"] == "emergency");
  // At the top, nothing can raise it.
  r = result_for(R"({"age": 3, "unwell": true})");
  CHECK(r["triage"]["level"] == "emergency");
  CHECK(r["triage"]["possible_level"] == "emergency");
}

TEST_CASE("answers echo the case as understood, normalised", "[result_json]") {
  const json r = result_for(
      R"({"id": 7, "age": 4.5, "lesion": "petechiae", "fever": true, "blanching": false,
          "unwell": null, "location": "face_neck"})");
  CHECK(r["answers"] == json::parse(R"({"age": 4.5, "lesion": "petechiae", "fever": true,
      "blanching": false, "location": "face_neck"})"));
  // Batch leaves them out unless asked for; naming the field writes them.
  CHECK_FALSE(result_for(R"({"age": 4})", kFieldBatchDefault).contains("answers"));
  std::string bad;
  const auto fields = parse_result_fields("id,answers", bad);
  REQUIRE(fields.has_value());
  CHECK(result_for(R"({"age": 4})", *fields) ==
        json::parse(R"({"id": null, "answers": {"age": 4}})"));
}

TEST_CASE("must-not-miss causes carry the rules that pinned them", "[result_json]") {
  // A febrile toddler with spots on the face after coughing: the straining explanation
  // must not hide meningococcal disease, which leads whatever its score.
  const json r = result_for(R"({"age": 3, "fever": true, "lesion": "petechiae",
      "location": "face_neck", "straining": true})");
  CHECK(r["triage"]["level"] == "emergency");
  REQUIRE_FALSE(r["causes"].empty());
  CHECK(r["causes"][0]["id"] == "meningococcal_disease");
  CHECK(r["causes"][0]["pinned_by"] == json::parse(R"(["fever_nonblanching"])"));
  for (const json& c : r["causes"])
    if (c["id"] == "straining_petechiae") CHECK_FALSE(c.contains("pinned_by"));
}

TEST_CASE("a rule's own advice replaces its level's", "[result_json]") {
  const auto kb = KnowledgeBase::embedded();
  // A child with unexplained petechiae: NG12's 'immediate' is said as 'today'.
  json r = result_for(R"({"age": 6, "lesion": "petechiae", "fever": false, "unwell": false})");
  CHECK(r["triage"]["level"] == "urgent");
  CHECK_THAT(r["triage"]["advice"].get<std::string>(), Catch::Contains("today"));
  CHECK(r["triage"]["advice"] != kb->triage_levels()[1].advice);
  // An adult with the same answers gets the level's advice.
  r = result_for(R"({"age": 46, "lesion": "petechiae", "fever": false, "unwell": false})");
  CHECK(r["triage"]["advice"] == kb->triage_levels()[1].advice);
}

TEST_CASE("contradictory answers are reported, and read the safer way", "[result_json]") {
  // Petechiae that "fade under a glass" in a febrile toddler: the glass test is asked for
  // again, and meanwhile the spots count as not fading, so it stays an emergency.
  json r = result_for(R"({"age": 2, "fever": true, "lesion": "petechiae", "blanching": true})");
  REQUIRE(r["contradictions"].size() == 1);
  CHECK(r["contradictions"][0]["id"] == "petechiae_that_fade");
  CHECK_THAT(r["contradictions"][0]["text"].get<std::string>(),
             Catch::Contains("glass test again"));
  CHECK(r["lesion"]["type"] == "petechiae");
  CHECK(r["triage"]["level"] == "emergency");
  r = result_for(R"({"age": 40, "lesion": "ecchymosis", "size_mm": 1})");
  CHECK(r["contradictions"][0]["id"] == "lesion_and_size_disagree");
  // Consistent answers: an empty list, always present.
  r = result_for(R"({"age": 40, "lesion": "petechiae", "blanching": false})");
  CHECK(r["contradictions"] == json::array());
}

TEST_CASE("the lesion text names the size it was derived from", "[result_json]") {
  const json r = result_for(R"({"size_mm": 1.5})");
  CHECK(r["lesion"]["basis"] == "size");
  CHECK(r["lesion"]["text"].get<std::string>().find("1.5 mm") != std::string::npos);
  CHECK(r["id"].is_null());
}

TEST_CASE("the fields option chooses the top-level fields", "[result_json]") {
  std::string bad;
  const auto fields = parse_result_fields("id, triage", bad);
  REQUIRE(fields.has_value());
  const json r = result_for(R"({"id": 7, "fever": true})", *fields);
  CHECK(r.size() == 2);
  CHECK(r["id"] == 7);
  CHECK(r.contains("triage"));
  CHECK_FALSE(parse_result_fields("id,triag", bad).has_value());
  CHECK(bad == "triag");
  CHECK_FALSE(parse_result_fields("", bad).has_value());
}

TEST_CASE("error records have the contract's shape", "[result_json]") {
  std::string out;
  append_error_json("\"c2\"", 2, {"unknown_finding", "unknown finding 'fevr'", "fevr", 1, 12}, out);
  const json e = json::parse(out);
  CHECK(e["id"] == "c2");
  CHECK(e["line"] == 2);
  CHECK(e["error"]["code"] == "unknown_finding");
  CHECK(e["error"]["field"] == "fevr");
  CHECK(e["error"]["column"] == 12);
  out.clear();
  append_error_json("", 9, {"invalid_json", "bad", "", 1, 1}, out);
  CHECK(json::parse(out)["id"].is_null());
}

TEST_CASE("strings are escaped and always valid UTF-8", "[result_json]") {
  std::string out;
  append_json_string("a\"b\\c\n\x01\xc3\xa9\xff\xe2\x82", out);
  CHECK(out == "\"a\\\"b\\\\c\\n\\u0001\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
  CHECK(json::parse(out).get<std::string>().size() > 0);
}

TEST_CASE("fields that are not written are not computed", "[result_json]") {
  const EvaluationOptions triage_only = options_for_fields(kFieldId | kFieldTriage, {5, 3});
  CHECK(triage_only.max_questions == 0);
  CHECK_FALSE(triage_only.rank_causes);
  const EvaluationOptions causes = options_for_fields(kFieldCauses, {5, 3});
  CHECK(causes.max_questions == 0);
  CHECK(causes.rank_causes);
  CHECK(options_for_fields(kFieldAll, {5, 3}).max_questions == 3);

  const auto kb = KnowledgeBase::embedded();
  Case c(*kb);
  REQUIRE_FALSE(read_case(*kb, R"({"age": 3, "lesion": "petechiae"})", c));
  Evaluator full(*kb), lean(*kb, triage_only);
  const std::size_t level = full.evaluate(c).triage_level;
  const Result& r = lean.evaluate(c);
  CHECK(r.triage_level == level);
  CHECK(r.causes.empty());
  CHECK(r.next_questions.empty());
}

TEST_CASE("scores are written with three decimals, halves rounded up", "[result_json]") {
  const auto kb = KnowledgeBase::embedded();
  const Case c(*kb);
  Result r;
  const std::vector<std::pair<double, std::string>> expected{
      {0.0625, "0.063"},       {0.1875, "0.188"},  {0.0624, "0.062"}, {0.0, "0.000"},
      {1.0, "1.000"},          {0.99951, "1.000"}, {0.9994, "0.999"}, {-0.2, "0.000"},
      {std::nan(""), "0.000"}, {0.5, "0.500"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    RankedCause rc;
    rc.cause = i;
    rc.score = expected[i].first;
    r.causes.push_back(rc);
  }
  std::string out;
  ResultWriter(*kb).append(c, r, kFieldCauses, out);
  const json doc = json::parse(out);
  REQUIRE(doc["causes"].size() == expected.size());
  std::size_t at = 0;
  for (const auto& [score, text] : expected) {
    INFO("score " << score);
    at = out.find("\"score\":", at);
    REQUIRE(at != std::string::npos);
    at += 8;
    CHECK(out.substr(at, 5) == text);
  }
}
