// SPDX-License-Identifier: Apache-2.0
// The event and action codecs. One field table per type (fields() below) drives both the
// encoder and the strict decoder, so the two cannot disagree about a field.
#include "io/event_codec.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/internal/type_names.h"

namespace tandem::io {

namespace {

using nlohmann::json;
using namespace tandem::engine;

// ---- enums: the values in order; their names are the engine's to_string (snake_case) ----

constexpr WorkKind kWorkKinds[] = {WorkKind::kContact, WorkKind::kTask};
constexpr AgentState kAgentStates[] = {AgentState::kAvailable, AgentState::kNotReady,
                                       AgentState::kBreak,     AgentState::kLunch,
                                       AgentState::kMeeting,   AgentState::kTraining};
constexpr ScheduledActivity kActivities[] = {
    ScheduledActivity::kPhones,   ScheduledActivity::kBackOffice, ScheduledActivity::kBlended,
    ScheduledActivity::kBreak,    ScheduledActivity::kLunch,      ScheduledActivity::kMeeting,
    ScheduledActivity::kTraining, ScheduledActivity::kOffline};
constexpr WithdrawReason kWithdrawReasons[] = {
    WithdrawReason::kOfferExpired, WithdrawReason::kAbandoned, WithdrawReason::kCancelled,
    WithdrawReason::kAgentUnavailable, WithdrawReason::kPendingCustomer};
constexpr PauseReason kPauseReasons[] = {PauseReason::kRecallToPhones,
                                         PauseReason::kAgentUnavailable};
constexpr CustomerStatus kCustomerStatuses[] = {
    CustomerStatus::kReceived, CustomerStatus::kInProgress, CustomerStatus::kPendingCustomer,
    CustomerStatus::kDone};

template <class E>
constexpr auto& enum_values() {
  if constexpr (std::is_same_v<E, WorkKind>) return kWorkKinds;
  if constexpr (std::is_same_v<E, AgentState>) return kAgentStates;
  if constexpr (std::is_same_v<E, ScheduledActivity>) return kActivities;
  if constexpr (std::is_same_v<E, WithdrawReason>) return kWithdrawReasons;
  if constexpr (std::is_same_v<E, PauseReason>) return kPauseReasons;
  if constexpr (std::is_same_v<E, CustomerStatus>) return kCustomerStatuses;
}

// ---- the field tables ----
// v.req(name, member): required. v.opt(name, member[, default]): may be absent (= default) and
// is not written when at its default; std::optional members are absent when unset. `time` is
// common to every type and handled by the callers.

template <class T, class V>
void fields(T& e, V& v) {
  using E = std::remove_const_t<T>;
  // events
  if constexpr (std::is_same_v<E, WorkRef>) {
    v.req("kind", e.kind), v.req("id", e.id), v.opt("handle", e.handle);
  } else if constexpr (std::is_same_v<E, ContactArrived>) {
    v.req("contact", e.contact), v.req("queue", e.queue), v.opt("customer", e.customer);
  } else if constexpr (std::is_same_v<E, ContactAbandoned>) {
    v.req("contact", e.contact);
  } else if constexpr (std::is_same_v<E, ContactEnded>) {
    v.req("contact", e.contact), v.req("agent", e.agent);
    v.opt("after_contact_work", e.after_contact_work);
  } else if constexpr (std::is_same_v<E, WorkItemCreated>) {
    v.req("item", e.item), v.opt("process", e.process), v.opt("work_type", e.work_type);
    v.opt("customer", e.customer), v.opt("priority", e.priority), v.opt("due", e.due);
    v.opt("received", e.received);
  } else if constexpr (std::is_same_v<E, StepStarted> || std::is_same_v<E, StepDone> ||
                       std::is_same_v<E, WorkPaused>) {
    v.req("task", e.task), v.req("agent", e.agent), v.opt("handle", e.handle);
  } else if constexpr (std::is_same_v<E, StepFailed>) {
    v.req("task", e.task), v.req("agent", e.agent), v.opt("reason", e.reason);
    v.opt("handle", e.handle);
  } else if constexpr (std::is_same_v<E, WorkResumed>) {
    v.req("task", e.task);
  } else if constexpr (std::is_same_v<E, PendingCustomer> || std::is_same_v<E, CustomerResponded>) {
    v.req("item", e.item);
  } else if constexpr (std::is_same_v<E, ItemCancelled>) {
    v.req("item", e.item), v.opt("reason", e.reason);
  } else if constexpr (std::is_same_v<E, SelfServiceProgress>) {
    v.req("customer", e.customer), v.req("session", e.session), v.opt("channel", e.channel);
    v.opt("step", e.step), v.opt("of_steps", e.of_steps), v.opt("completed", e.completed);
    v.opt("abandoned", e.abandoned);
  } else if constexpr (std::is_same_v<E, AgentLoggedIn> || std::is_same_v<E, AgentLoggedOut> ||
                       std::is_same_v<E, ReleaseToBackOffice>) {
    v.req("agent", e.agent);
  } else if constexpr (std::is_same_v<E, AgentStateChanged>) {
    v.req("agent", e.agent), v.req("state", e.state);
  } else if constexpr (std::is_same_v<E, ScheduleActivityStarted>) {
    v.req("agent", e.agent), v.req("activity", e.activity), v.req("until", e.until);
  } else if constexpr (std::is_same_v<E, OfferAccepted> || std::is_same_v<E, OfferRejected> ||
                       std::is_same_v<E, OfferTimedOut>) {
    v.req("agent", e.agent), v.req("work", e.work);
  } else if constexpr (std::is_same_v<E, ForecastUpdated>) {
    v.req("queue", e.queue), v.req("interval_start", e.interval_start);
    v.opt("interval_length", e.interval_length, Seconds{900}), v.req("volume", e.volume);
    v.opt("aht_seconds", e.aht_seconds);
  } else if constexpr (std::is_same_v<E, CapacityPlanned>) {
    v.req("queue", e.queue), v.req("agents", e.agents);
    // actions (ReleaseToBackOffice shares the agent-only table above)
  } else if constexpr (std::is_same_v<E, ClockTick>) {
    // the time alone
  } else if constexpr (std::is_same_v<E, OfferWork>) {
    v.req("agent", e.agent), v.req("work", e.work), v.opt("item", e.item);
    v.req("queue", e.queue), v.req("expires", e.expires), v.opt("progress", e.progress);
  } else if constexpr (std::is_same_v<E, AssignWork>) {
    v.req("agent", e.agent), v.req("work", e.work), v.opt("item", e.item);
    v.req("queue", e.queue), v.opt("progress", e.progress);
  } else if constexpr (std::is_same_v<E, WithdrawWork>) {
    v.req("agent", e.agent), v.req("work", e.work), v.req("reason", e.reason);
  } else if constexpr (std::is_same_v<E, PauseTask>) {
    v.req("agent", e.agent), v.req("task", e.task), v.opt("progress", e.progress);
    v.req("reason", e.reason);
  } else if constexpr (std::is_same_v<E, RecallToPhones>) {
    v.req("agent", e.agent), v.opt("queue", e.queue);
  } else if constexpr (std::is_same_v<E, SetNotReady>) {
    v.req("agent", e.agent), v.opt("reason", e.reason);
  } else if constexpr (std::is_same_v<E, CreateFollowUp>) {
    v.req("item", e.item), v.req("from_item", e.from_item), v.opt("customer", e.customer);
    v.req("work_type", e.work_type), v.req("rule", e.rule);
  } else if constexpr (std::is_same_v<E, RouteException>) {
    v.req("task", e.task), v.req("failed_task", e.failed_task), v.req("skill", e.skill);
    v.opt("reason", e.reason);
  } else if constexpr (std::is_same_v<E, NotifyCustomer>) {
    v.opt("customer", e.customer), v.req("item", e.item), v.req("status", e.status);
    v.opt("eta", e.eta);
  } else if constexpr (std::is_same_v<E, Escalate>) {
    v.req("item", e.item), v.req("rule", e.rule), v.opt("reason", e.reason);
  } else if constexpr (std::is_same_v<E, PriorityChanged>) {
    v.req("item", e.item), v.req("priority", e.priority), v.req("rule", e.rule);
  } else {
    static_assert(!sizeof(E), "no field table for this type");
  }
}

// ---- encoding ----

json encode_value(const std::string& s) { return s; }
json encode_value(int n) { return n; }
json encode_value(std::uint64_t n) { return n; }
json encode_value(double x) { return x; }
json encode_value(bool b) { return b; }
json encode_value(Instant t) { return format_rfc3339(t); }
json encode_value(Seconds s) { return s.count(); }
template <class E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
json encode_value(E value) {
  return to_string(value);
}
json encode_value(const WorkRef& ref);

struct Encoder {
  json& out;
  template <class M>
  void req(const char* name, const M& member) {
    out[name] = encode_value(member);
  }
  template <class M>
  void opt(const char* name, const std::optional<M>& member) {
    if (member) out[name] = encode_value(*member);
  }
  template <class M>
  void opt(const char* name, const M& member, const M& unset = M{}) {
    if (!(member == unset)) out[name] = encode_value(member);
  }
};

json encode_value(const WorkRef& ref) {
  json out = json::object();
  Encoder encoder{out};
  fields(ref, encoder);
  return out;
}

template <class T, std::size_t N>
json encode_typed(const T& value, const std::array<std::string_view, N>& names, std::size_t index) {
  json out = json::object();
  out["type"] = std::string(names[index]);
  out["time"] = format_rfc3339(value.time);
  Encoder encoder{out};
  fields(value, encoder);
  return out;
}

// ---- decoding ----

std::string join(std::string_view path, std::string_view name) {
  if (path.empty()) return std::string(name);
  std::string out(path);
  out += '.';
  out += name;
  return out;
}

Status field_error(const std::string& path, std::string_view rule) {
  return Status::invalid_argument(path + ": " + std::string(rule));
}

Status decode_value(const json& j, const std::string& path, std::string& out) {
  if (!j.is_string()) return field_error(path, "must be a string");
  out = j.get_ref<const std::string&>();
  return Status::ok();
}

Status decode_value(const json& j, const std::string& path, int& out) {
  if (!j.is_number_integer()) return field_error(path, "must be an integer");
  if (j.is_number_unsigned()) {
    const auto n = j.get<std::uint64_t>();
    if (n > std::uint64_t(std::numeric_limits<int>::max())) {
      return field_error(path, "out of range for a 32-bit integer");
    }
    out = int(n);
    return Status::ok();
  }
  const auto n = j.get<std::int64_t>();
  if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max()) {
    return field_error(path, "out of range for a 32-bit integer");
  }
  out = int(n);
  return Status::ok();
}

// JSON integers from text are unsigned when >= 0, but values built in memory may be signed.
bool is_non_negative_integer(const json& j) {
  return j.is_number_unsigned() || (j.is_number_integer() && j.get<std::int64_t>() >= 0);
}

Status decode_value(const json& j, const std::string& path, std::uint64_t& out) {
  if (!is_non_negative_integer(j)) return field_error(path, "must be a non-negative integer");
  out = j.get<std::uint64_t>();
  return Status::ok();
}

Status decode_value(const json& j, const std::string& path, double& out) {
  if (!j.is_number()) return field_error(path, "must be a number");
  out = j.get<double>();
  return Status::ok();
}

Status decode_value(const json& j, const std::string& path, bool& out) {
  if (!j.is_boolean()) return field_error(path, "must be true or false");
  out = j.get<bool>();
  return Status::ok();
}

Status decode_value(const json& j, const std::string& path, Instant& out) {
  if (!j.is_string()) return field_error(path, "not an RFC 3339 time (must be a string)");
  auto parsed = parse_rfc3339(j.get_ref<const std::string&>());
  if (!parsed.is_ok()) return field_error(path, parsed.status().message());
  out = *parsed;
  return Status::ok();
}

Status decode_value(const json& j, const std::string& path, Seconds& out) {
  if (!is_non_negative_integer(j) ||
      j.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max())) {
    return field_error(path, "must be a whole number of seconds >= 0");
  }
  out = Seconds{std::int64_t(j.get<std::uint64_t>())};
  return Status::ok();
}

template <class E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
Status decode_value(const json& j, const std::string& path, E& out) {
  std::string allowed;
  for (E value : enum_values<E>()) {
    if (j.is_string() && j.get_ref<const std::string&>() == to_string(value)) {
      out = value;
      return Status::ok();
    }
    allowed += allowed.empty() ? "" : ", ";
    allowed += to_string(value);
  }
  if (!j.is_string()) return field_error(path, "must be a string, one of: " + allowed);
  return field_error(path,
                     "unknown value \"" + j.get<std::string>() + "\", expected one of: " + allowed);
}

Status decode_value(const json& j, const std::string& path, WorkRef& out);

// Reads the fields of one object; the first error wins. Afterwards check_unknown() rejects any
// key the table did not name.
struct Decoder {
  const json& object;
  std::string_view path;
  Status status;
  std::vector<std::string_view> known;

  template <class M>
  void req(const char* name, M& member) {
    known.push_back(name);
    if (!status.is_ok()) return;
    auto it = object.find(name);
    if (it == object.end()) {
      status = field_error(join(path, name), "required field missing");
      return;
    }
    status = decode_value(*it, join(path, name), member);
  }
  template <class M>
  void opt(const char* name, std::optional<M>& member) {
    known.push_back(name);
    if (!status.is_ok()) return;
    auto it = object.find(name);
    if (it == object.end()) return;
    M value{};
    status = decode_value(*it, join(path, name), value);
    if (status.is_ok()) member = std::move(value);
  }
  template <class M>
  void opt(const char* name, M& member, const M& unset = M{}) {
    known.push_back(name);
    if (!status.is_ok()) return;
    auto it = object.find(name);
    if (it == object.end()) {
      member = unset;
      return;
    }
    status = decode_value(*it, join(path, name), member);
  }
  void check_unknown(std::string_view type) {
    if (!status.is_ok()) return;
    for (auto it = object.begin(); it != object.end(); ++it) {
      bool is_known = false;
      for (std::string_view name : known) is_known = is_known || name == it.key();
      if (!is_known) {
        status = field_error(join(path, it.key()), "unknown field of " + std::string(type));
        return;
      }
    }
  }
};

Status decode_value(const json& j, const std::string& path, WorkRef& out) {
  if (!j.is_object()) return field_error(path, "must be an object {\"kind\", \"id\", \"handle\"?}");
  Decoder decoder{j, path, Status::ok(), {}};
  fields(out, decoder);
  decoder.check_unknown("a work reference");
  return decoder.status;
}

template <class Variant, class T>
Result<Variant> decode_alternative(const json& doc, std::string_view path, std::string_view type) {
  T value{};
  Decoder decoder{doc, path, Status::ok(), {"type", "time", "v"}};
  auto time = doc.find("time");
  if (time == doc.end()) return field_error(join(path, "time"), "required field missing");
  if (Status s = decode_value(*time, join(path, "time"), value.time); !s.is_ok()) return s;
  fields(value, decoder);
  decoder.check_unknown(type);
  if (!decoder.status.is_ok()) return decoder.status;
  return Variant{std::move(value)};
}

template <class Variant, std::size_t... I>
Result<Variant> decode_index(std::size_t index, const json& doc, std::string_view path,
                             std::string_view type, std::index_sequence<I...>) {
  Result<Variant> out = Status::internal("no such alternative");
  ((index == I ? (void)(out = decode_alternative<Variant, std::variant_alternative_t<I, Variant>>(
                            doc, path, type))
               : void()),
   ...);
  return out;
}

template <class Variant, std::size_t N>
Result<Variant> decode_typed(const json& doc, std::string_view path,
                             const std::array<std::string_view, N>& names, const char* what) {
  const std::string root = path.empty() ? std::string(what) : std::string(path);
  if (!doc.is_object()) return field_error(root, "must be a JSON object");
  if (auto v = doc.find("v"); v != doc.end()) {
    if (!v->is_number_integer() || v->get<std::int64_t>() != kEventCodecVersion) {
      return field_error(join(path, "v"), "unsupported codec version (this decoder reads " +
                                              std::to_string(kEventCodecVersion) + ")");
    }
  }
  auto type = doc.find("type");
  if (type == doc.end()) return field_error(join(path, "type"), "required field missing");
  if (!type->is_string()) return field_error(join(path, "type"), "must be a string");
  const std::string& name = type->get_ref<const std::string&>();
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) {
      return decode_index<Variant>(i, doc, path, name, std::make_index_sequence<N>{});
    }
  }
  return field_error(join(path, "type"), "unknown " + std::string(what) + " type \"" + name + "\"");
}

// The deepest nesting of arrays and objects in `text`, stopping early once past `limit`, so
// that the recursive parser is never given a document that could exhaust the stack.
int nesting_depth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

Result<json> parse_json(std::string_view text) {
  if (nesting_depth(text, kMaxJsonDepth) > kMaxJsonDepth) {
    return Status::invalid_argument("not accepted: JSON nested deeper than " +
                                    std::to_string(kMaxJsonDepth) + " levels");
  }
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    return Status::invalid_argument("not valid JSON (at byte " + std::to_string(e.byte) + ")");
  } catch (const std::exception& e) {
    return Status::invalid_argument(std::string("not valid JSON: ") + e.what());
  }
}

std::string dump(const json& j) {
  // Invalid UTF-8 in a string (only possible for values built in memory) becomes U+FFFD
  // instead of an exception.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

int json_nesting_depth(std::string_view text, int limit) { return nesting_depth(text, limit); }

std::string_view event_type_name(const Event& event) {
  return internal::kEventTypeNames[event.index()];
}

std::string_view action_type_name(const Action& action) {
  return internal::kActionTypeNames[action.index()];
}

nlohmann::json encode_event(const Event& event) {
  return std::visit(
      [&](const auto& e) { return encode_typed(e, internal::kEventTypeNames, event.index()); },
      event);
}

nlohmann::json encode_action(const Action& action) {
  return std::visit(
      [&](const auto& a) { return encode_typed(a, internal::kActionTypeNames, action.index()); },
      action);
}

Result<Event> decode_event(const nlohmann::json& document, std::string_view path) {
  try {
    return decode_typed<Event>(document, path, internal::kEventTypeNames, "event");
  } catch (const std::exception& e) {
    return Status::internal(std::string("event decoder: ") + e.what());
  }
}

Result<Action> decode_action(const nlohmann::json& document, std::string_view path) {
  try {
    return decode_typed<Action>(document, path, internal::kActionTypeNames, "action");
  } catch (const std::exception& e) {
    return Status::internal(std::string("action decoder: ") + e.what());
  }
}

Result<Event> decode_event_json(std::string_view text) {
  auto document = parse_json(text);
  if (!document.is_ok()) return Status::invalid_argument("event: " + document.status().message());
  return decode_event(*document);
}

Result<Action> decode_action_json(std::string_view text) {
  auto document = parse_json(text);
  if (!document.is_ok()) return Status::invalid_argument("action: " + document.status().message());
  return decode_action(*document);
}

std::string encode_event_json(const Event& event) { return dump(encode_event(event)); }
std::string encode_action_json(const Action& action) { return dump(encode_action(action)); }

}  // namespace tandem::io
