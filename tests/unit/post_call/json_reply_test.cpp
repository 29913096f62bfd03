// The first JSON object of a model's reply, however the model wrapped it.
#include "agents/tasks/json_reply.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace ovos::agents::tasks {
namespace {

namespace json = boost::json;

json::object object_of(std::string_view reply) {
  auto found = first_json_object(reply);
  EXPECT_TRUE(found.ok()) << reply;
  return found.ok() ? std::move(found).value() : json::object();
}

TEST(FirstJsonObject, ABareObject) {
  EXPECT_EQ(object_of(R"({"name":"Ann","age":41})"), json::parse(R"({"name":"Ann","age":41})"));
}

TEST(FirstJsonObject, InsideACodeFence) {
  EXPECT_EQ(object_of("```json\n{\"slot\": \"Tuesday 10:00\"}\n```"),
            json::parse(R"({"slot":"Tuesday 10:00"})"));
  EXPECT_EQ(object_of("```\n{\"a\": [1, {\"b\": null}]}\n```\n"),
            json::parse(R"({"a":[1,{"b":null}]})"));
}

TEST(FirstJsonObject, WithProseAround) {
  EXPECT_EQ(object_of("Sure! Here is the data you asked for:\n{\"name\": \"Bo\"}\nLet me know."),
            json::parse(R"({"name":"Bo"})"));
}

TEST(FirstJsonObject, SkipsBracesThatStartNoObject) {
  EXPECT_EQ(object_of("Fields {name} and {email}: {\"name\": \"Cy\", \"email\": null} {\"x\":1}"),
            json::parse(R"({"name":"Cy","email":null})"));
  EXPECT_EQ(object_of("{\"broken\": } then {\"ok\": true}"), json::parse(R"({"ok":true})"));
}

TEST(FirstJsonObject, BracesInsideStringsAndNesting) {
  EXPECT_EQ(object_of(R"(x {"text": "a } inside", "inner": {"deep": {"er": [1,2]}}} y)"),
            json::parse(R"({"text":"a } inside","inner":{"deep":{"er":[1,2]}}})"));
}

TEST(FirstJsonObject, NoObjectIsAnError) {
  for (std::string_view reply : {"I could not find anything.", "[1, 2, 3]", "{\"cut\": \"short",
                                 "{ not json }", "\"just a string\""}) {
    const auto found = first_json_object(reply);
    ASSERT_FALSE(found.ok()) << reply;
    EXPECT_EQ(found.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(found.error().message, "the model's reply has no JSON object");
  }
  EXPECT_EQ(first_json_object("").error().message, "the model's reply was empty");
}

TEST(FirstJsonObject, HostileRepliesStayBounded) {
  const std::string braces(100'000, '{');
  EXPECT_FALSE(first_json_object(braces).ok());
  const std::string deep = std::string(200, '[') + std::string(200, ']');
  EXPECT_FALSE(first_json_object("{\"a\":" + deep + "}").ok()) << "too deep";
  std::string late = std::string(300, '{') + R"({"late":1})";
  EXPECT_FALSE(first_json_object(late).ok()) << "only the first 256 candidates are tried";
}

}  // namespace
}  // namespace ovos::agents::tasks
