// Expression edges: every operator against the call's variables.
#include "agents/types/graph_expression.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "agents/types/graph_variables.h"

namespace ovos::agents {
namespace {

namespace json = boost::json;
using Types = std::map<std::string, std::string>;

class GraphExpressionTest : public ::testing::Test {
 protected:
  json::object context = call_context(
      json::parse(R"({
        "recipient_data": {"name": "Asha", "age": 34, "tags": ["vip", "new"], "plan": null},
        "language": "hi", "score": 7.5, "active": true, "city": "New Delhi"})")
          .as_object(),
      {{"order_count", "3"}, {"caller_number", "+4915112345678"}, {"opted_in", "yes"}});

  bool holds(const std::string& variable, GraphOperator op, json::value value = nullptr,
             const Types& types = {}) {
    return condition_holds({variable, op, std::move(value)}, context, types);
  }
};

TEST_F(GraphExpressionTest, EqualityComparesValuesAndNumbersByValue) {
  EXPECT_TRUE(holds("language", GraphOperator::kEq, "hi"));
  EXPECT_FALSE(holds("language", GraphOperator::kEq, "HI"));
  EXPECT_TRUE(holds("recipient_data.age", GraphOperator::kEq, 34.0));
  EXPECT_TRUE(holds("order_count", GraphOperator::kEq, 3));  // a call variable is text
  EXPECT_TRUE(holds("active", GraphOperator::kEq, true));
  EXPECT_TRUE(holds("language", GraphOperator::kNeq, "en"));
  EXPECT_FALSE(holds("recipient_data.age", GraphOperator::kNeq, 34));
}

TEST_F(GraphExpressionTest, OrderingWorksOnNumbersAndOnStrings) {
  EXPECT_TRUE(holds("recipient_data.age", GraphOperator::kGt, 18));
  EXPECT_FALSE(holds("recipient_data.age", GraphOperator::kGt, 34));
  EXPECT_TRUE(holds("recipient_data.age", GraphOperator::kGte, 34));
  EXPECT_TRUE(holds("score", GraphOperator::kLt, 8));
  EXPECT_TRUE(holds("order_count", GraphOperator::kLte, 3));
  EXPECT_TRUE(holds("language", GraphOperator::kLt, "ja"));
  // A string that is not a number cannot be ordered against one.
  EXPECT_FALSE(holds("language", GraphOperator::kGt, 1));
  EXPECT_FALSE(holds("language", GraphOperator::kLte, 1));
}

TEST_F(GraphExpressionTest, InAndNotInTakeAListOrCommaSeparatedText) {
  EXPECT_TRUE(holds("language", GraphOperator::kIn, json::parse(R"(["en", "hi"])")));
  EXPECT_TRUE(holds("language", GraphOperator::kIn, "en, hi, ta"));
  EXPECT_FALSE(holds("language", GraphOperator::kIn, json::parse(R"(["en"])")));
  EXPECT_TRUE(holds("order_count", GraphOperator::kIn, json::parse("[1, 2, 3]")));
  EXPECT_TRUE(holds("language", GraphOperator::kNotIn, json::parse(R"(["en", "ta"])")));
  EXPECT_FALSE(holds("language", GraphOperator::kNotIn, "hi,en"));
}

TEST_F(GraphExpressionTest, ContainsLooksIntoTextIgnoringCaseAndIntoLists) {
  EXPECT_TRUE(holds("city", GraphOperator::kContains, "delhi"));
  EXPECT_FALSE(holds("city", GraphOperator::kContains, "mumbai"));
  EXPECT_TRUE(holds("recipient_data.tags", GraphOperator::kContains, "vip"));
  EXPECT_FALSE(holds("recipient_data.tags", GraphOperator::kContains, "old"));
  EXPECT_TRUE(holds("caller_number", GraphOperator::kContains, "+49"));
}

TEST_F(GraphExpressionTest, ExistsMeansPresentAndNotNull) {
  EXPECT_TRUE(holds("recipient_data.name", GraphOperator::kExists));
  EXPECT_FALSE(holds("recipient_data.plan", GraphOperator::kExists));
  EXPECT_TRUE(holds("recipient_data.plan", GraphOperator::kNotExists));
  EXPECT_TRUE(holds("recipient_data.email", GraphOperator::kNotExists));
  EXPECT_FALSE(holds("caller_number", GraphOperator::kNotExists));
  EXPECT_FALSE(holds("recipient_data.name.first", GraphOperator::kExists));
}

TEST_F(GraphExpressionTest, AMissingVariableOnlySatisfiesNegations) {
  for (const auto op :
       {GraphOperator::kEq, GraphOperator::kGt, GraphOperator::kGte, GraphOperator::kLt,
        GraphOperator::kLte, GraphOperator::kIn, GraphOperator::kContains}) {
    EXPECT_FALSE(holds("missing", op, 1)) << static_cast<int>(op);
  }
  EXPECT_TRUE(holds("missing", GraphOperator::kNeq, 1));
  EXPECT_TRUE(holds("missing", GraphOperator::kNotIn, json::parse("[1]")));
}

TEST_F(GraphExpressionTest, VariableTypesConvertBeforeComparing) {
  EXPECT_FALSE(holds("opted_in", GraphOperator::kEq, true));
  EXPECT_TRUE(holds("opted_in", GraphOperator::kEq, true, {{"opted_in", "boolean"}}));
  EXPECT_TRUE(
      holds("recipient_data.age", GraphOperator::kEq, "34", {{"recipient_data.age", "string"}}));
  EXPECT_TRUE(holds("order_count", GraphOperator::kGt, 2, {{"order_count", "number"}}));
  // "10" > "9" only as numbers.
  context["ticket"] = "10";
  EXPECT_FALSE(holds("ticket", GraphOperator::kGt, "9"));
  EXPECT_TRUE(holds("ticket", GraphOperator::kGt, 9, {{"ticket", "number"}}));
}

TEST_F(GraphExpressionTest, GroupsJoinWithAndOrOr) {
  GraphExpression both{
      false,
      {{"language", GraphOperator::kEq, "hi"}, {"recipient_data.age", GraphOperator::kGte, 40}}};
  EXPECT_FALSE(expression_holds(both, context, {}));
  both.any = true;
  EXPECT_TRUE(expression_holds(both, context, {}));
  EXPECT_FALSE(expression_holds(GraphExpression{}, context, {}));
}

TEST(GraphVariablesTest, FillsPlaceholdersFromTheContext) {
  const json::object context = call_context(
      json::parse(R"({"recipient_data": {"name": "Asha", "age": 34}, "a.b": "dotted"})")
          .as_object(),
      {{"clinic", "Sunny Dental"}});
  EXPECT_EQ(
      fill_context("Hi {recipient_data.name} ({recipient_data.age}) from {clinic}, {a.b}", context),
      "Hi Asha (34) from Sunny Dental, dotted");
  EXPECT_EQ(fill_context("{unknown} {} {\"json\": 1} {clinic", context),
            "{unknown} {} {\"json\": 1} {clinic");
}

}  // namespace
}  // namespace ovos::agents
