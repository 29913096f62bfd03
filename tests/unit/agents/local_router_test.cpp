// The local router on what callers actually say on the phone, including what a recogniser
// makes of it.
#include "agents/types/local_router.h"

#include <gtest/gtest.h>

#include "agents/types/route_text.h"

namespace ovos::agents {
namespace {

using route_text::edit_distance;
using route_text::stem;

TEST(RouteTextTest, StemsCommonInflections) {
  EXPECT_EQ(stem("hours"), "hour");
  EXPECT_EQ(stem("opening"), "open");
  EXPECT_EQ(stem("opened"), "open");
  EXPECT_EQ(stem("booking"), "book");
  EXPECT_EQ(stem("appointments"), "appointment");
  EXPECT_EQ(stem("stopping"), "stop");
  EXPECT_EQ(stem("called"), "call");
  EXPECT_EQ(stem("replies"), "reply");
  EXPECT_EQ(stem("matches"), "match");
  EXPECT_EQ(stem("business"), "business");
  EXPECT_EQ(stem("yes"), "yes");
  EXPECT_EQ(stem("thing"), "thing");
}

TEST(RouteTextTest, WordsDropPunctuationAndStopwords) {
  const auto words = route_text::content_words("Um, I'd like to know what's your OPENING hours?");
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[0].text, "opening");
  EXPECT_EQ(words[1].stem, "hour");
  EXPECT_TRUE(route_text::content_words("uh okay um").empty());
  // Yes, no and numbers always count.
  EXPECT_EQ(route_text::content_words("no").size(), 1u);
  EXPECT_EQ(route_text::content_words("yes 2").size(), 2u);
}

TEST(RouteTextTest, EditDistanceAndSimilarities) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("same", "same"), 0u);
  EXPECT_DOUBLE_EQ(route_text::edit_similarity("ours", "hours"), 0.8);
  EXPECT_DOUBLE_EQ(route_text::trigram_similarity("monday", "monday"), 1.0);
  EXPECT_DOUBLE_EQ(route_text::trigram_similarity("abc", "xyz"), 0.0);
  EXPECT_GT(route_text::trigram_similarity("appointment", "a point meant"), 0.3);
  const auto word = [](const char* w) { return route_text::Word{w, stem(w)}; };
  EXPECT_DOUBLE_EQ(route_text::word_match(word("hours"), word("hour")), 1.0);
  EXPECT_DOUBLE_EQ(route_text::word_match(word("ours"), word("hours")), 0.8);
  EXPECT_EQ(route_text::word_match(word("all"), word("call")), 0.0);  // too short to guess
  EXPECT_EQ(route_text::word_match(word("monday"), word("sunday")), 0.0);
}

class LocalRouterTest : public ::testing::Test {
 protected:
  enum Intent { kHours, kBooking, kPerson, kGoodbye };
  LocalRouter router{{
      {{"opening hours", "what are your opening hours", "when are you open",
        "what time do you open", "hours"},
       "The caller asks when the practice is open"},
      {{"book an appointment", "make an appointment", "an appointment", "i would like to book",
        "booking"},
       "The caller wants to book an appointment"},
      {{"talk to a person", "speak to someone", "a real person", "the receptionist", "operator"},
       "The caller wants to talk to a person"},
      {{"goodbye", "bye", "that is all", "nothing else", "no thank you"},
       "The caller is done or says goodbye"},
  }};

  std::optional<std::size_t> route(std::string_view utterance) const {
    const auto match = router.best(utterance);
    return match ? std::optional<std::size_t>(match->intent) : std::nullopt;
  }
};

TEST_F(LocalRouterTest, RoutesWhatCallersSay) {
  EXPECT_EQ(route("what are your opening hours"), kHours);
  EXPECT_EQ(route("Hi, yeah, um, when do you guys open?"), kHours);
  EXPECT_EQ(route("are you open on saturdays"), kHours);
  EXPECT_EQ(route("I'd like to make an appointment please"), kBooking);
  EXPECT_EQ(route("can I book for next week"), kBooking);
  EXPECT_EQ(route("I need to see the dentist, can I get an appointment"), kBooking);
  EXPECT_EQ(route("could I speak to somebody"), kPerson);
  EXPECT_EQ(route("I want to talk to a real person"), kPerson);
  EXPECT_EQ(route("operator"), kPerson);
  EXPECT_EQ(route("no that's all thank you bye"), kGoodbye);
  EXPECT_EQ(route("Goodbye!"), kGoodbye);
  EXPECT_EQ(route("nothing else"), kGoodbye);
}

TEST_F(LocalRouterTest, ToleratesRecogniserErrors) {
  EXPECT_EQ(route("opening ours"), kHours);
  EXPECT_EQ(route("what are you're opening our"), kHours);
  EXPECT_EQ(route("book and a point meant"), kBooking);
  EXPECT_EQ(route("make an a pointment"), kBooking);
  EXPECT_EQ(route("talk to a purse in"), kPerson);
  EXPECT_EQ(route("the reception list"), kPerson);
  EXPECT_EQ(route("good bye"), kGoodbye);
  EXPECT_EQ(route("good by"), kGoodbye);
  EXPECT_EQ(route("a point meant"), kBooking);
}

TEST_F(LocalRouterTest, LeavesWhatFitsNothingUnrouted) {
  EXPECT_EQ(route("what's the weather like today"), std::nullopt);
  EXPECT_EQ(route("do you sell pizza"), std::nullopt);
  EXPECT_EQ(route("um"), std::nullopt);
  EXPECT_EQ(route(""), std::nullopt);
  EXPECT_EQ(route("my tooth hurts"), std::nullopt);
  EXPECT_EQ(route("where are you located"), std::nullopt);      // not "when are you open"
  EXPECT_EQ(route("I'm calling about my bill"), std::nullopt);  // "calling" is not "that is all"
  EXPECT_EQ(route("hello is anyone there"), std::nullopt);
  EXPECT_EQ(route("can you help me"), std::nullopt);
}

TEST_F(LocalRouterTest, ScoresAreBetweenZeroAndOneAndExactIsBest) {
  EXPECT_DOUBLE_EQ(router.score(kHours, "opening hours"), 1.0);
  EXPECT_LT(router.score(kHours, "opening ours"), 1.0);
  EXPECT_GT(router.score(kHours, "opening ours"), LocalRouter::kDefaultThreshold);
  EXPECT_LT(router.score(kGoodbye, "opening hours"), 0.3);
  EXPECT_EQ(router.score(99, "opening hours"), 0.0);
}

TEST(LocalRouterConditionTest, AConditionAloneRoutesOnItsWords) {
  LocalRouter router({{{}, "The caller asks about the price of a cleaning"},
                      {{}, "The caller wants to cancel an appointment"}});
  ASSERT_TRUE(router.best("how much is a cleaning"));
  EXPECT_EQ(router.best("how much is a cleaning")->intent, 0u);
  EXPECT_EQ(router.best("what's the price")->intent, 0u);
  EXPECT_EQ(router.best("I have to cancel")->intent, 1u);
  // Words that only describe the caller never match.
  EXPECT_FALSE(router.best("the caller asks"));
}

TEST(LocalRouterConditionTest, ExamplesOutweighConditionsAndTiesGoToTheEarlierIntent) {
  LocalRouter router({{{"yes", "yes please", "sure", "okay"}, "The caller wants a call back"},
                      {{"no", "no thanks", "not now"}, "The caller does not want a call back"}});
  EXPECT_EQ(router.best("yes please")->intent, 0u);
  EXPECT_EQ(router.best("okay")->intent, 0u);
  EXPECT_EQ(router.best("no")->intent, 1u);
  EXPECT_EQ(router.best("no thank you")->intent, 1u);
  LocalRouter twins({{{"hello"}, ""}, {{"hello"}, ""}});
  EXPECT_EQ(twins.best("hello")->intent, 0u);
}

}  // namespace
}  // namespace ovos::agents
