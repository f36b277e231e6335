// SPDX-License-Identifier: Apache-2.0
// The event and action wire codecs (docs/events.md): round trips of every type, strict
// rejection of malformed documents with the field and rule named, and no crash on mutations.
#include <cctype>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "io/event_codec.h"

namespace tandem::io {
namespace {

using namespace tandem::engine;
using nlohmann::json;

Instant at(int hour, int minute = 0) {
  return Instant{std::chrono::sys_days{std::chrono::year{2026} / 11 / 2}} +
         std::chrono::hours{hour} + std::chrono::minutes{minute};
}

// Every member of every type, listed here independently of the codec's own field table, so a
// member the codec forgets fails the round trip.
auto tie(const WorkRef& w) { return std::tie(w.kind, w.id, w.handle); }
auto tie(const ContactArrived& e) { return std::tie(e.time, e.contact, e.queue, e.customer); }
auto tie(const ContactAbandoned& e) { return std::tie(e.time, e.contact); }
auto tie(const ContactEnded& e) {
  return std::tie(e.time, e.contact, e.agent, e.after_contact_work);
}
auto tie(const WorkItemCreated& e) {
  return std::tie(e.time, e.item, e.process, e.work_type, e.customer, e.priority, e.due,
                  e.received);
}
auto tie(const StepStarted& e) { return std::tie(e.time, e.task, e.agent, e.handle); }
auto tie(const StepDone& e) { return std::tie(e.time, e.task, e.agent, e.handle); }
auto tie(const StepFailed& e) { return std::tie(e.time, e.task, e.agent, e.reason, e.handle); }
auto tie(const WorkPaused& e) { return std::tie(e.time, e.task, e.agent, e.handle); }
auto tie(const WorkResumed& e) { return std::tie(e.time, e.task); }
auto tie(const PendingCustomer& e) { return std::tie(e.time, e.item); }
auto tie(const CustomerResponded& e) { return std::tie(e.time, e.item); }
auto tie(const ItemCancelled& e) { return std::tie(e.time, e.item, e.reason); }
auto tie(const SelfServiceProgress& e) {
  return std::tie(e.time, e.customer, e.session, e.channel, e.step, e.of_steps, e.completed,
                  e.abandoned);
}
auto tie(const AgentLoggedIn& e) { return std::tie(e.time, e.agent); }
auto tie(const AgentLoggedOut& e) { return std::tie(e.time, e.agent); }
auto tie(const AgentStateChanged& e) { return std::tie(e.time, e.agent, e.state); }
auto tie(const ScheduleActivityStarted& e) {
  return std::tie(e.time, e.agent, e.activity, e.until);
}
auto tie(const OfferAccepted& e) { return std::tuple_cat(std::tie(e.time, e.agent), tie(e.work)); }
auto tie(const OfferRejected& e) { return std::tuple_cat(std::tie(e.time, e.agent), tie(e.work)); }
auto tie(const OfferTimedOut& e) { return std::tuple_cat(std::tie(e.time, e.agent), tie(e.work)); }
auto tie(const ForecastUpdated& e) {
  return std::tie(e.time, e.queue, e.interval_start, e.interval_length, e.volume, e.aht_seconds);
}
auto tie(const CapacityPlanned& e) { return std::tie(e.time, e.queue, e.agents); }
auto tie(const ClockTick& e) { return std::tie(e.time); }
auto tie(const OfferWork& a) {
  return std::tuple_cat(std::tie(a.time, a.agent, a.item, a.queue, a.expires, a.progress),
                        tie(a.work));
}
auto tie(const AssignWork& a) {
  return std::tuple_cat(std::tie(a.time, a.agent, a.item, a.queue, a.progress), tie(a.work));
}
auto tie(const WithdrawWork& a) {
  return std::tuple_cat(std::tie(a.time, a.agent, a.reason), tie(a.work));
}
auto tie(const PauseTask& a) { return std::tie(a.time, a.agent, a.task, a.progress, a.reason); }
auto tie(const RecallToPhones& a) { return std::tie(a.time, a.agent, a.queue); }
auto tie(const ReleaseToBackOffice& a) { return std::tie(a.time, a.agent); }
auto tie(const SetNotReady& a) { return std::tie(a.time, a.agent, a.reason); }
auto tie(const CreateFollowUp& a) {
  return std::tie(a.time, a.item, a.from_item, a.customer, a.work_type, a.rule);
}
auto tie(const RouteException& a) {
  return std::tie(a.time, a.task, a.failed_task, a.skill, a.reason);
}
auto tie(const NotifyCustomer& a) { return std::tie(a.time, a.customer, a.item, a.status, a.eta); }
auto tie(const Escalate& a) { return std::tie(a.time, a.item, a.rule, a.reason); }
auto tie(const PriorityChanged& a) { return std::tie(a.time, a.item, a.priority, a.rule); }

template <class Variant>
bool same(const Variant& a, const Variant& b) {
  if (a.index() != b.index()) return false;
  return std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        return tie(x) == tie(std::get<T>(b));
      },
      a);
}

const WorkRef kTaskRef{WorkKind::kTask, "m-1/check", 17};

// Every event type with every field set to a value other than its default.
std::vector<Event> full_events() {
  return {
      ContactArrived{at(9), "c-1", "voice", "cust-42"},
      ContactAbandoned{at(9, 1), "c-1"},
      ContactEnded{at(9, 2), "c-2", "ann", Seconds{45}},
      WorkItemCreated{at(9, 3), "m-1", "mortgage-application", "email", "cust-42", 3, at(17),
                      at(8)},
      StepStarted{at(9, 4), "m-1/check", "ann", 17},
      StepDone{at(9, 5), "m-1/check", "ann", 17},
      StepFailed{at(9, 6), "m-1/check", "robot-1", "timeout", 17},
      WorkPaused{at(9, 7), "m-1/check", "ann", 17},
      WorkResumed{at(9, 8), "m-1/check"},
      PendingCustomer{at(9, 9), "m-1"},
      CustomerResponded{at(9, 10), "m-1"},
      ItemCancelled{at(9, 11), "m-1", "duplicate"},
      SelfServiceProgress{at(9, 12), "cust-42", "online-application-123", "web", 3, 5, true, true},
      AgentLoggedIn{at(9, 13), "ann"},
      AgentLoggedOut{at(9, 14), "ann"},
      AgentStateChanged{at(9, 15), "ann", AgentState::kTraining},
      ScheduleActivityStarted{at(9, 16), "ann", ScheduledActivity::kOffline, at(12)},
      OfferAccepted{at(9, 17), "ann", kTaskRef},
      OfferRejected{at(9, 18), "ann", kTaskRef},
      OfferTimedOut{at(9, 19), "ann", kTaskRef},
      ForecastUpdated{at(9, 20), "voice", at(10), Seconds{1800}, 42.5, 310.25},
      CapacityPlanned{at(9, 21), "email", 3.75},
      ClockTick{at(9, 22)},
  };
}

// Every event type with only its required fields set.
std::vector<Event> minimal_events() {
  return {
      ContactArrived{at(9), "c-1", "voice", ""},
      ContactAbandoned{at(9), "c-1"},
      ContactEnded{at(9), "c-2", "ann", std::nullopt},
      WorkItemCreated{at(9), "m-1", "", "", "", std::nullopt, std::nullopt, std::nullopt},
      StepStarted{at(9), "t", "ann", 0},
      StepDone{at(9), "t", "ann", 0},
      StepFailed{at(9), "t", "ann", "", 0},
      WorkPaused{at(9), "t", "ann", 0},
      WorkResumed{at(9), "t"},
      PendingCustomer{at(9), "m-1"},
      CustomerResponded{at(9), "m-1"},
      ItemCancelled{at(9), "m-1", ""},
      SelfServiceProgress{at(9), "cust-42", "s-1", "", 0, 0, false, false},
      AgentLoggedIn{at(9), "ann"},
      AgentLoggedOut{at(9), "ann"},
      AgentStateChanged{at(9), "ann", AgentState::kAvailable},
      ScheduleActivityStarted{at(9), "ann", ScheduledActivity::kPhones, at(10)},
      OfferAccepted{at(9), "ann", WorkRef{WorkKind::kContact, "c-1", 0}},
      OfferRejected{at(9), "ann", WorkRef{WorkKind::kContact, "c-1", 0}},
      OfferTimedOut{at(9), "ann", WorkRef{WorkKind::kContact, "c-1", 0}},
      ForecastUpdated{at(9), "voice", at(9), Seconds{900}, 0.0, 0.0},
      CapacityPlanned{at(9), "email", 0.0},
      ClockTick{at(9)},
  };
}

std::vector<Action> full_actions() {
  return {
      OfferWork{at(9), "ann", kTaskRef, "m-1", "back-office", at(9, 1), Seconds{120}},
      AssignWork{at(9), "robot-1", kTaskRef, "m-1", "back-office", Seconds{60}},
      WithdrawWork{at(9), "ann", kTaskRef, WithdrawReason::kPendingCustomer},
      PauseTask{at(9), "ann", "m-1/check", Seconds{300}, PauseReason::kAgentUnavailable},
      RecallToPhones{at(9), "ann", "voice"},
      ReleaseToBackOffice{at(9), "ann"},
      SetNotReady{at(9), "ann", "offer rejected"},
      CreateFollowUp{at(9), "m-1+remind", "m-1", "cust-42", "email", "remind"},
      RouteException{at(9), "m-1/check!exc", "m-1/check", "underwriting", "robot failed"},
      NotifyCustomer{at(9), "cust-42", "m-1", CustomerStatus::kDone, at(15)},
      Escalate{at(9), "m-1", "overdue", "past due"},
      PriorityChanged{at(9), "m-1", -2, "vip"},
  };
}

std::vector<Action> minimal_actions() {
  const WorkRef contact{WorkKind::kContact, "c-1", 0};
  return {
      OfferWork{at(9), "ann", contact, "", "voice", at(9, 1), Seconds{0}},
      AssignWork{at(9), "ann", contact, "", "voice", Seconds{0}},
      WithdrawWork{at(9), "ann", contact, WithdrawReason::kOfferExpired},
      PauseTask{at(9), "ann", "t", Seconds{0}, PauseReason::kRecallToPhones},
      RecallToPhones{at(9), "ann", ""},
      ReleaseToBackOffice{at(9), "ann"},
      SetNotReady{at(9), "ann", ""},
      CreateFollowUp{at(9), "m-1+r", "m-1", "", "email", "r"},
      RouteException{at(9), "t!exc", "t", "skill", ""},
      NotifyCustomer{at(9), "", "m-1", CustomerStatus::kReceived, std::nullopt},
      Escalate{at(9), "m-1", "r", ""},
      PriorityChanged{at(9), "m-1", 0, "r"},
  };
}

std::string snake_case(std::string_view camel) {
  std::string out;
  for (char c : camel) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (!out.empty()) out += '_';
      out += char(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

TEST(EventCodec, TheExampleOfTheApiIssueDecodes) {
  auto event =
      decode_event_json(R"({"type":"work_item_created","time":"2026-11-02T09:00:00Z","item":"m-1",)"
                        R"("process":"mortgage-application","customer":"cust-42"})");
  ASSERT_TRUE(event.is_ok()) << event.status().message();
  const auto& created = std::get<WorkItemCreated>(*event);
  EXPECT_EQ(created.time, at(9));
  EXPECT_EQ(created.item, "m-1");
  EXPECT_EQ(created.process, "mortgage-application");
  EXPECT_EQ(created.customer, "cust-42");
  EXPECT_EQ(created.work_type, "");
  EXPECT_FALSE(created.due.has_value());
}

TEST(EventCodec, EncodesCanonicallyWithDefaultsOmitted) {
  EXPECT_EQ(encode_event_json(ContactEnded{at(9), "c-2", "ann", Seconds{45}}),
            R"({"after_contact_work":45,"agent":"ann","contact":"c-2",)"
            R"("time":"2026-11-02T09:00:00Z","type":"contact_ended"})");
  EXPECT_EQ(encode_event_json(ContactEnded{at(9), "c-2", "ann", std::nullopt}),
            R"({"agent":"ann","contact":"c-2","time":"2026-11-02T09:00:00Z",)"
            R"("type":"contact_ended"})");
  EXPECT_EQ(encode_event_json(OfferAccepted{at(9), "ann", kTaskRef}),
            R"({"agent":"ann","time":"2026-11-02T09:00:00Z","type":"offer_accepted",)"
            R"("work":{"handle":17,"id":"m-1/check","kind":"task"}})");
  EXPECT_EQ(
      encode_action_json(WithdrawWork{at(9), "ann", kTaskRef, WithdrawReason::kAgentUnavailable}),
      R"({"agent":"ann","reason":"agent_unavailable","time":"2026-11-02T09:00:00Z",)"
      R"("type":"withdraw_work","work":{"handle":17,"id":"m-1/check","kind":"task"}})");
}

TEST(EventCodec, TypeNamesAreTheSnakeCaseOfTheEngineNames) {
  for (const auto& event : full_events()) {
    EXPECT_EQ(event_type_name(event), snake_case(name_of(event)));
  }
  for (const auto& action : full_actions()) {
    EXPECT_EQ(action_type_name(action), snake_case(name_of(action)));
  }
  EXPECT_EQ(full_events().size(), std::variant_size_v<Event>);
  EXPECT_EQ(full_actions().size(), std::variant_size_v<Action>);
}

template <class Variant, class Encode, class Decode, class EncodeText, class DecodeText>
void expect_round_trips(const std::vector<Variant>& values, Encode encode, Decode decode,
                        EncodeText encode_text, DecodeText decode_text) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    SCOPED_TRACE("alternative " + std::to_string(values[i].index()));
    ASSERT_EQ(values[i].index(), i) << "the list covers the alternatives in order";
    auto decoded = decode(encode(values[i]), "");
    ASSERT_TRUE(decoded.is_ok()) << decoded.status().message();
    EXPECT_TRUE(same(values[i], *decoded)) << encode_text(values[i]);
    const std::string text = encode_text(values[i]);
    auto from_text = decode_text(text);
    ASSERT_TRUE(from_text.is_ok()) << from_text.status().message();
    EXPECT_TRUE(same(values[i], *from_text));
    EXPECT_EQ(encode_text(*from_text), text);
  }
}

TEST(EventCodec, EveryEventRoundTripsWithAllFieldsSet) {
  expect_round_trips(full_events(), encode_event, decode_event, encode_event_json,
                     decode_event_json);
}

TEST(EventCodec, EveryEventRoundTripsWithOptionalsUnset) {
  expect_round_trips(minimal_events(), encode_event, decode_event, encode_event_json,
                     decode_event_json);
  // Unset optionals are absent, not null.
  const json minimal = encode_event(minimal_events()[3]);
  EXPECT_EQ(minimal.size(), 3u) << minimal.dump();  // type, time, item
}

TEST(EventCodec, EveryActionRoundTripsWithAllFieldsSet) {
  expect_round_trips(full_actions(), encode_action, decode_action, encode_action_json,
                     decode_action_json);
}

TEST(EventCodec, EveryActionRoundTripsWithOptionalsUnset) {
  expect_round_trips(minimal_actions(), encode_action, decode_action, encode_action_json,
                     decode_action_json);
}

TEST(EventCodec, TimesWithAnOffsetAreConvertedToUtc) {
  auto event = decode_event_json(R"({"type":"clock_tick","time":"2026-11-02T10:30:00+01:30"})");
  ASSERT_TRUE(event.is_ok()) << event.status().message();
  EXPECT_EQ(time_of(*event), at(9));
  auto west = parse_rfc3339("2026-11-02T04:00:00-05:00");
  ASSERT_TRUE(west.is_ok());
  EXPECT_EQ(*west, at(9));
  auto lower = parse_rfc3339("2026-11-02t09:00:00z");
  ASSERT_TRUE(lower.is_ok());
  EXPECT_EQ(*lower, at(9));
  EXPECT_EQ(format_rfc3339(at(9)), "2026-11-02T09:00:00Z");
  EXPECT_EQ(format_rfc3339(Instant{}), "1970-01-01T00:00:00Z");
}

TEST(EventCodec, AVersionOtherThanTheCodecsIsRejected) {
  EXPECT_TRUE(
      decode_event_json(R"({"v":1,"type":"clock_tick","time":"2026-11-02T09:00:00Z"})").is_ok());
  auto v2 = decode_event_json(R"({"v":2,"type":"clock_tick","time":"2026-11-02T09:00:00Z"})");
  ASSERT_FALSE(v2.is_ok());
  EXPECT_EQ(v2.status().message(), "v: unsupported codec version (this decoder reads 1)");
}

TEST(EventCodec, ThePathPrefixesTheFieldInMessages) {
  auto bad = decode_event(json::parse(R"({"type":"clock_tick","time":"9 o'clock"})"), "events[3]");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(),
            "events[3].time: not an RFC 3339 time (expected YYYY-MM-DDTHH:MM:SSZ)");
}

struct Malformed {
  const char* document;
  const char* expected;  // the start of the message: field path and rule
};

// Each: one thing wrong, the message names the field and the rule.
const Malformed kMalformedEvents[] = {
    {R"(not json)", "event: not valid JSON"},
    {R"({"type":"clock_tick","time":"2026-11-02T09:00:00Z")", "event: not valid JSON"},
    {R"([1,2])", "event: must be a JSON object"},
    {R"("clock_tick")", "event: must be a JSON object"},
    {R"({"time":"2026-11-02T09:00:00Z"})", "type: required field missing"},
    {R"({"type":7,"time":"2026-11-02T09:00:00Z"})", "type: must be a string"},
    {R"({"type":"coffee_break","time":"2026-11-02T09:00:00Z"})",
     "type: unknown event type \"coffee_break\""},
    {R"({"type":"ContactArrived","time":"2026-11-02T09:00:00Z"})",
     "type: unknown event type \"ContactArrived\""},
    {R"({"type":"clock_tick"})", "time: required field missing"},
    {R"({"type":"clock_tick","time":1762074000})", "time: not an RFC 3339 time (must be a string)"},
    {R"({"type":"clock_tick","time":"2026-11-02 09:00:00Z"})", "time: not an RFC 3339 time"},
    {R"({"type":"clock_tick","time":"2026-11-02T09:00:00"})",
     "time: not an RFC 3339 time (expected Z or an offset"},
    {R"({"type":"clock_tick","time":"2026-11-02T09:00:00.250Z"})",
     "time: not an RFC 3339 time (fractional seconds are not accepted)"},
    {R"({"type":"clock_tick","time":"2026-02-30T09:00:00Z"})",
     "time: not an RFC 3339 time (no such date)"},
    {R"({"type":"clock_tick","time":"2026-11-02T24:00:00Z"})",
     "time: not an RFC 3339 time (no such time of day)"},
    {R"({"type":"clock_tick","time":"2026-11-02T09:00:00+1:00"})",
     "time: not an RFC 3339 time (expected Z or an offset"},
    {R"({"type":"clock_tick","time":"2026-11-02T09:00:00+25:00"})",
     "time: not an RFC 3339 time (bad offset"},
    {R"({"type":"clock_tick","time":"2026-11-02T09:00:00Z","extra":1})",
     "extra: unknown field of clock_tick"},
    {R"({"type":"contact_arrived","time":"2026-11-02T09:00:00Z","queue":"voice"})",
     "contact: required field missing"},
    {R"({"type":"contact_arrived","time":"2026-11-02T09:00:00Z","contact":5,"queue":"voice"})",
     "contact: must be a string"},
    {R"({"type":"contact_arrived","time":"2026-11-02T09:00:00Z","contact":null,"queue":"v"})",
     "contact: must be a string"},
    {R"({"type":"contact_ended","time":"2026-11-02T09:00:00Z","contact":"c","agent":"a",)"
     R"("after_contact_work":"45s"})",
     "after_contact_work: must be a whole number of seconds >= 0"},
    {R"({"type":"contact_ended","time":"2026-11-02T09:00:00Z","contact":"c","agent":"a",)"
     R"("after_contact_work":-5})",
     "after_contact_work: must be a whole number of seconds >= 0"},
    {R"({"type":"contact_ended","time":"2026-11-02T09:00:00Z","contact":"c","agent":"a",)"
     R"("after_contact_work":4.5})",
     "after_contact_work: must be a whole number of seconds >= 0"},
    {R"({"type":"work_item_created","time":"2026-11-02T09:00:00Z","item":"m","priority":"high"})",
     "priority: must be an integer"},
    {R"({"type":"work_item_created","time":"2026-11-02T09:00:00Z","item":"m",)"
     R"("priority":3000000000})",
     "priority: out of range for a 32-bit integer"},
    {R"({"type":"work_item_created","time":"2026-11-02T09:00:00Z","item":"m","due":"tomorrow"})",
     "due: not an RFC 3339 time"},
    {R"({"type":"step_done","time":"2026-11-02T09:00:00Z","task":"t","agent":"a","handle":-1})",
     "handle: must be a non-negative integer"},
    {R"({"type":"self_service_progress","time":"2026-11-02T09:00:00Z","customer":"c",)"
     R"("session":"s","completed":"yes"})",
     "completed: must be true or false"},
    {R"({"type":"agent_state_changed","time":"2026-11-02T09:00:00Z","agent":"a",)"
     R"("state":"asleep"})",
     "state: unknown value \"asleep\", expected one of: available, not_ready, break, lunch, "
     "meeting, training"},
    {R"({"type":"agent_state_changed","time":"2026-11-02T09:00:00Z","agent":"a",)"
     R"("state":"NotReady"})",
     "state: unknown value \"NotReady\""},
    {R"({"type":"agent_state_changed","time":"2026-11-02T09:00:00Z","agent":"a","state":1})",
     "state: must be a string, one of: available"},
    {R"({"type":"schedule_activity_started","time":"2026-11-02T09:00:00Z","agent":"a",)"
     R"("activity":"phones"})",
     "until: required field missing"},
    {R"({"type":"offer_accepted","time":"2026-11-02T09:00:00Z","agent":"a","work":"c-1"})",
     "work: must be an object"},
    {R"({"type":"offer_accepted","time":"2026-11-02T09:00:00Z","agent":"a",)"
     R"("work":{"kind":"email","id":"c-1"}})",
     "work.kind: unknown value \"email\", expected one of: contact, task"},
    {R"({"type":"offer_accepted","time":"2026-11-02T09:00:00Z","agent":"a","work":{"kind":"task"}})",
     "work.id: required field missing"},
    {R"({"type":"offer_accepted","time":"2026-11-02T09:00:00Z","agent":"a",)"
     R"("work":{"kind":"task","id":"t","queue":"q"}})",
     "work.queue: unknown field of a work reference"},
    {R"({"type":"forecast_updated","time":"2026-11-02T09:00:00Z","queue":"q",)"
     R"("interval_start":"2026-11-02T09:00:00Z","volume":"12"})",
     "volume: must be a number"},
    {R"({"type":"capacity_planned","time":"2026-11-02T09:00:00Z","queue":"q"})",
     "agents: required field missing"},
    {R"({"v":"1","type":"clock_tick","time":"2026-11-02T09:00:00Z"})",
     "v: unsupported codec version"},
};

TEST(EventCodec, MalformedEventsNameTheFieldAndTheRule) {
  ASSERT_GE(std::size(kMalformedEvents), 25u);
  for (const auto& bad : kMalformedEvents) {
    SCOPED_TRACE(bad.document);
    auto result = decode_event_json(bad.document);
    ASSERT_FALSE(result.is_ok());
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(result.status().message().rfind(bad.expected, 0), 0u)
        << "message: " << result.status().message();
  }
}

TEST(EventCodec, MalformedActionsNameTheFieldAndTheRule) {
  const Malformed cases[] = {
      {R"({"type":"offer_work","time":"2026-11-02T09:00:00Z","agent":"a",)"
       R"("work":{"kind":"contact","id":"c"},"queue":"q"})",
       "expires: required field missing"},
      {R"({"type":"withdraw_work","time":"2026-11-02T09:00:00Z","agent":"a",)"
       R"("work":{"kind":"contact","id":"c"},"reason":"bored"})",
       "reason: unknown value \"bored\", expected one of: offer_expired, abandoned, cancelled, "
       "agent_unavailable, pending_customer"},
      {R"({"type":"notify_customer","time":"2026-11-02T09:00:00Z","item":"m","status":"done",)"
       R"("eta":"soon"})",
       "eta: not an RFC 3339 time"},
      {R"({"type":"contact_arrived","time":"2026-11-02T09:00:00Z"})",
       "type: unknown action type \"contact_arrived\""},
      {R"(3)", "action: must be a JSON object"},
  };
  for (const auto& bad : cases) {
    SCOPED_TRACE(bad.document);
    auto result = decode_action_json(bad.document);
    ASSERT_FALSE(result.is_ok());
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(result.status().message().rfind(bad.expected, 0), 0u)
        << "message: " << result.status().message();
  }
}

TEST(EventCodec, DeeplyNestedTextIsRejectedBeforeParsing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto result = decode_event_json(deep);
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().message(), "event: not accepted: JSON nested deeper than 32 levels");
  // Brackets inside strings do not count.
  auto in_string =
      decode_event_json(R"({"type":"contact_abandoned","time":"2026-11-02T09:00:00Z","contact":")" +
                        std::string(100, '[') + "\"}");
  ASSERT_TRUE(in_string.is_ok()) << in_string.status().message();
}

// A random JSON value of a random type (no deeper than `depth`).
json random_value(std::mt19937& rng, int depth) {
  switch (std::uniform_int_distribution<int>(0, depth > 0 ? 9 : 7)(rng)) {
    case 0:
      return nullptr;
    case 1:
      return std::uniform_int_distribution<int>(0, 1)(rng) == 1;
    case 2:
      return std::uniform_int_distribution<std::int64_t>(-5, 5)(rng);
    case 3:
      return std::numeric_limits<std::int64_t>::min();
    case 4:
      return std::uniform_real_distribution<double>(-1e20, 1e20)(rng);
    case 5:
      return "2026-11-02T09:00:00Z";
    case 6:
      return std::numeric_limits<std::uint64_t>::max();
    case 7: {
      std::string s;
      for (int i = std::uniform_int_distribution<int>(0, 8)(rng); i > 0; --i) {
        s += char(std::uniform_int_distribution<int>(32, 126)(rng));
      }
      return s;
    }
    case 8:
      return json::array({random_value(rng, depth - 1)});
    default:
      return json::object({{"kind", random_value(rng, depth - 1)}, {"id", "x"}});
  }
}

template <class Variant, class Encode, class Decode, class DecodeText>
void fuzz(const std::vector<Variant>& seeds, Encode encode, Decode decode, DecodeText decode_text,
          unsigned seed) {
  std::mt19937 rng(seed);
  int accepted = 0, rejected = 0;
  for (int round = 0; round < 4000; ++round) {
    json doc = encode(seeds[rng() % seeds.size()]);
    for (int edits = 1 + int(rng() % 3); edits > 0; --edits) {
      std::vector<std::string> keys;
      for (auto it = doc.begin(); it != doc.end(); ++it) keys.push_back(it.key());
      const std::string key = keys.empty() ? "type" : keys[rng() % keys.size()];
      switch (rng() % 4) {
        case 0:
          doc.erase(key);
          break;
        case 1:
          doc[key] = random_value(rng, 2);
          break;
        case 2:
          doc["x" + std::to_string(rng() % 3)] = random_value(rng, 1);
          break;
        default:
          if (doc.contains("work") && doc["work"].is_object()) {
            doc["work"][rng() % 2 == 0 ? "id" : "kind"] = random_value(rng, 1);
          }
          break;
      }
    }
    auto result = decode(doc, "");
    if (result.is_ok()) {
      ++accepted;
      // Whatever decodes encodes back to a document that decodes again.
      EXPECT_TRUE(decode(encode(*result), "").is_ok());
    } else {
      ++rejected;
      EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument) << doc.dump();
    }
    // The text form, cut short or with a byte changed.
    std::string text = doc.dump();
    if (rng() % 2 == 0) {
      text.resize(rng() % (text.size() + 1));
    } else if (!text.empty()) {
      text[rng() % text.size()] = char(rng() % 256);
    }
    auto from_text = decode_text(text);
    if (!from_text.is_ok()) {
      EXPECT_EQ(from_text.status().code(), StatusCode::kInvalidArgument) << text;
    }
  }
  EXPECT_GT(accepted, 0);
  EXPECT_GT(rejected, 0);
}

TEST(EventCodec, MutatedEventsNeverCrashAndAreAcceptedOrInvalid) {
  auto seeds = full_events();
  for (const auto& e : minimal_events()) seeds.push_back(e);
  fuzz(seeds, encode_event, decode_event, decode_event_json, 12);
}

TEST(EventCodec, MutatedActionsNeverCrashAndAreAcceptedOrInvalid) {
  auto seeds = full_actions();
  for (const auto& a : minimal_actions()) seeds.push_back(a);
  fuzz(seeds, encode_action, decode_action, decode_action_json, 34);
}

}  // namespace
}  // namespace tandem::io
