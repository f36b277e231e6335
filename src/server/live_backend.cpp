// SPDX-License-Identifier: Apache-2.0
#include "server/live_backend.h"

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <type_traits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/event_codec.h"

namespace tandem::server {
namespace {

using nlohmann::json;

std::string time_text(Instant t) { return io::format_rfc3339(t); }

// The item a task id belongs to: "m-1/underwrite" -> "m-1".
std::string item_of_task(const std::string& task) { return task.substr(0, task.find('/')); }

// The agents, queues and items (contacts included) one fact names.
struct Refs {
  std::vector<const std::string*> agents, queues;
  std::vector<std::string> items;
};

template <typename T>
void collect(const T& x, Refs& r) {
  if constexpr (requires { x.agent; }) {
    if constexpr (std::is_same_v<std::decay_t<decltype(x.agent)>, std::string>) {
      r.agents.push_back(&x.agent);
    }
  }
  if constexpr (requires { x.queue; }) {
    if constexpr (std::is_same_v<std::decay_t<decltype(x.queue)>, std::string>) {
      r.queues.push_back(&x.queue);
    }
  }
  if constexpr (requires { x.item; }) {
    if constexpr (std::is_same_v<std::decay_t<decltype(x.item)>, std::string>) {
      r.items.push_back(x.item);
    }
  }
  if constexpr (requires { x.contact; }) r.items.push_back(x.contact);
  if constexpr (requires { x.task; }) r.items.push_back(item_of_task(x.task));
  if constexpr (requires { x.work.kind; }) {
    r.items.push_back(x.work.kind == engine::WorkKind::kTask ? item_of_task(x.work.id) : x.work.id);
  }
}

bool names(const std::vector<const std::string*>& list, const std::string& want) {
  for (const std::string* s : list) {
    if (*s == want) return true;
  }
  return false;
}

json work_json(const engine::WorkRef& w) {
  return json{{"kind", engine::to_string(w.kind)}, {"id", w.id}};
}

json item_view_json(const engine::ItemView& v, Instant now) {
  json tasks = json::array();
  for (const engine::TaskView& t : v.open_tasks) {
    json task{{"id", t.id},
              {"step", t.step},
              {"queue", t.queue},
              {"place", engine::to_string(t.place)},
              {"progress_seconds", t.progress.count()},
              {"exception", t.is_exception},
              {"quality_check", t.is_quality_check}};
    task["agent"] = t.agent.empty() ? json(nullptr) : json(t.agent);
    tasks.push_back(std::move(task));
  }
  const bool open = v.place != engine::Place::kDone && v.place != engine::Place::kCancelled;
  return json{{"id", v.id},
              {"kind", "work_item"},
              {"customer", v.customer},
              {"process", v.process},
              {"place", engine::to_string(v.place)},
              {"priority", v.priority},
              {"received", time_text(v.received)},
              {"due", time_text(v.due)},
              {"overdue", open && now > v.due},
              {"stage", v.stage + 1},
              {"stage_count", v.stage_count},
              {"tasks", std::move(tasks)}};
}

json eta_json(const engine::Eta& e) {
  return json{{"completion", time_text(e.completion)},
              {"queue_wait_seconds", e.queue_wait.count()},
              {"remaining_work_seconds", e.remaining_work.count()},
              {"position", e.position},
              {"capacity_agents", e.capacity_agents},
              {"within_due", e.within_due},
              {"basis", fmt::format("position {} in its queue, {:.1f} agents' capacity, {} s of "
                                    "standard work left",
                                    e.position + 1, e.capacity_agents, e.remaining_work.count())}};
}

json explain_json(const engine::Explanation& x) {
  return json{{"reason", engine::to_string(x.reason)},
              {"text", x.text},
              {"skilled_logged_in", x.skilled_logged_in},
              {"skilled_idle", x.skilled_idle},
              {"ahead_in_queue", x.ahead_in_queue}};
}

// GET /items/{id}: everything the engine knows of an item (or a contact).
std::optional<json> item_json(const engine::Engine& e, const std::string& id) {
  if (std::optional<engine::ItemView> v = e.item(id)) {
    json j = item_view_json(*v, e.now());
    Result<engine::Eta> eta = e.eta(id);
    j["eta"] = eta.is_ok() ? eta_json(*eta) : json(nullptr);
    Result<engine::Explanation> why = e.explain_item(id);
    j["explain"] = why.is_ok() && why->reason != engine::WaitReason::kNotWaiting
                       ? explain_json(*why)
                       : json(nullptr);
    json history = json::array();
    if (Result<std::vector<engine::HistoryEntry>> h = e.history(id); h.is_ok()) {
      for (const engine::HistoryEntry& entry : *h) {
        json line{{"time", time_text(entry.time)}, {"kind", engine::to_string(entry.kind)}};
        if (!entry.task.empty()) line["task"] = entry.task;
        if (!entry.agent.empty()) line["agent"] = entry.agent;
        history.push_back(std::move(line));
      }
    }
    j["history"] = std::move(history);
    return j;
  }
  if (std::optional<engine::ContactView> c = e.contact(id)) {
    json j{{"id", c->id},
           {"kind", "contact"},
           {"queue", c->queue},
           {"customer", c->customer},
           {"place", engine::to_string(c->place)},
           {"arrived", time_text(c->arrived)}};
    j["agent"] = c->agent.empty() ? json(nullptr) : json(c->agent);
    Result<engine::Explanation> why = e.explain(engine::WorkRef{engine::WorkKind::kContact, id, 0});
    j["explain"] = why.is_ok() && why->reason != engine::WaitReason::kNotWaiting
                       ? explain_json(*why)
                       : json(nullptr);
    return j;
  }
  return std::nullopt;
}

// Today's counters of one real-time queue, from the stream.
struct QueueDay {
  std::int64_t day = -1;  // days since the epoch (UTC) the counters are of
  std::int64_t arrived = 0, answered = 0, answered_in_target = 0, abandoned = 0;
  std::deque<std::pair<Instant, bool>> recent_answers;  // last 15 minutes: (time, in target)
};

struct ContactMeta {
  std::string queue;
  Instant arrived;
  bool answered = false;
};

std::string hex(const std::string& s) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::optional<std::string> unhex(const std::string& s) {
  if (s.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < s.size(); i += 2) {
    int v = 0;
    for (int k = 0; k < 2; ++k) {
      const char c = s[i + k];
      const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + d;
    }
    out += static_cast<char>(v);
  }
  return out;
}

}  // namespace

std::string stream_json(const live::Published& p) {
  std::string s =
      fmt::format(R"({{"seq":{},"status":"{}")", p.seq, p.rejected ? "rejected" : "applied");
  if (p.rejected) s += R"(,"reason":)" + json(p.reason).dump();
  s += R"(,"event":)" + p.event_json + R"(,"actions":[)";
  for (std::size_t i = 0; i < p.actions_json.size(); ++i) {
    if (i > 0) s += ',';
    s += p.actions_json[i];
  }
  s += "]}";
  return s;
}

bool stream_matches(const live::Published& p, const StreamFilter& f) {
  if (f.agent.empty() && f.queue.empty() && f.item.empty()) return true;
  Refs refs;
  std::visit([&](const auto& e) { collect(e, refs); }, p.event);
  for (const engine::Action& a : p.actions) std::visit([&](const auto& x) { collect(x, refs); }, a);
  if (!f.agent.empty() && !names(refs.agents, f.agent)) return false;
  if (!f.queue.empty() && !names(refs.queues, f.queue)) return false;
  if (!f.item.empty() &&
      std::find(refs.items.begin(), refs.items.end(), f.item) == refs.items.end()) {
    return false;
  }
  return true;
}

struct LiveBackend::State {
  live::Host& host;
  const live::Clock& clock;
  Scenario scenario;
  std::map<std::string, double> answer_target;  // real-time queue -> seconds
  std::map<std::string, double> answer_share;   // real-time queue -> target share answered in time
  std::map<std::string, std::string> team;      // agent -> team

  mutable std::mutex mutex;
  std::condition_variable indexed;
  std::int64_t indexed_seq = 0;
  std::set<std::string> items;                                  // work-item ids, ordered
  std::map<std::string, std::set<std::string>> customer_items;  // customer -> items
  std::map<std::string, ContactMeta> contacts;                  // open and recent contacts
  std::map<std::string, QueueDay> queue_days;
  std::unique_ptr<live::Subscription> index_subscription;
  ReportSource reports;  // set before serving

  State(live::Host& h, const live::Clock& c, const Scenario& s) : host(h), clock(c), scenario(s) {
    for (const Queue& q : scenario.queues) {
      if (const Sla* sla = scenario.find_sla(q.sla)) {
        answer_target[q.id] = sla->answer_within_seconds;
        answer_share[q.id] = sla->answered_percent / 100.0;
      }
    }
    for (const Agent& a : scenario.agents) team[a.id] = a.team;
  }

  QueueDay& day_of(const std::string& queue, Instant t) {
    QueueDay& d = queue_days[queue];
    const std::int64_t day = std::chrono::floor<std::chrono::days>(t).time_since_epoch().count();
    if (d.day != day) {
      d = QueueDay();
      d.day = day;
    }
    return d;
  }

  void answered(const std::string& contact, Instant t) {
    auto it = contacts.find(contact);
    if (it == contacts.end() || it->second.answered) return;
    it->second.answered = true;
    QueueDay& d = day_of(it->second.queue, t);
    const auto target = answer_target.find(it->second.queue);
    const bool in_target = target != answer_target.end() &&
                           static_cast<double>((t - it->second.arrived).count()) <= target->second;
    d.answered++;
    if (in_target) d.answered_in_target++;
    d.recent_answers.emplace_back(t, in_target);
  }

  void index(const live::PublishedPtr& p) {
    std::lock_guard<std::mutex> lock(mutex);
    if (!p->rejected) {
      const Instant t = engine::time_of(p->event);
      if (const auto* w = std::get_if<engine::WorkItemCreated>(&p->event)) {
        items.insert(w->item);
        if (!w->customer.empty()) customer_items[w->customer].insert(w->item);
      } else if (const auto* c = std::get_if<engine::ContactArrived>(&p->event)) {
        contacts[c->contact] = ContactMeta{c->queue, t, false};
        day_of(c->queue, t).arrived++;
      } else if (const auto* a = std::get_if<engine::ContactAbandoned>(&p->event)) {
        if (auto it = contacts.find(a->contact); it != contacts.end()) {
          day_of(it->second.queue, t).abandoned++;
          contacts.erase(it);
        }
      } else if (const auto* e = std::get_if<engine::ContactEnded>(&p->event)) {
        contacts.erase(e->contact);
      } else if (const auto* o = std::get_if<engine::OfferAccepted>(&p->event)) {
        if (o->work.kind == engine::WorkKind::kContact) answered(o->work.id, t);
      }
      for (const engine::Action& action : p->actions) {
        if (const auto* g = std::get_if<engine::AssignWork>(&action)) {
          if (g->work.kind == engine::WorkKind::kContact) answered(g->work.id, g->time);
        }
      }
    }
    indexed_seq = p->seq;
    indexed.notify_all();
  }
};

Result<std::unique_ptr<LiveBackend>> LiveBackend::open(live::Host& host, const live::Clock& clock,
                                                       const Scenario& scenario) {
  auto state = std::make_unique<State>(host, clock, scenario);
  State* s = state.get();
  Result<std::unique_ptr<live::Subscription>> sub =
      host.subscribe(0, [s](const live::PublishedPtr& p) { s->index(p); });
  if (!sub.is_ok()) return sub.status();
  state->index_subscription = std::move(sub).value();
  return std::unique_ptr<LiveBackend>(new LiveBackend(std::move(state)));
}

LiveBackend::LiveBackend(std::unique_ptr<State> state) : state_(std::move(state)) {}

void LiveBackend::set_reports(ReportSource source) { state_->reports = std::move(source); }

Result<nlohmann::json> LiveBackend::report(const ReportQuery& query) {
  if (!state_->reports) return Backend::report(query);
  return state_->reports(query);
}

LiveBackend::~LiveBackend() { state_->index_subscription.reset(); }

void LiveBackend::wait_indexed(std::int64_t seq) {
  std::unique_lock<std::mutex> lock(state_->mutex);
  state_->indexed.wait(lock, [&] { return state_->indexed_seq >= seq; });
}

void LiveBackend::submit(std::vector<Submission> events, SubmitDone done) {
  std::vector<live::Intake> intakes;
  intakes.reserve(events.size());
  for (Submission& s : events) {
    intakes.push_back(live::Intake{std::move(s.event), std::move(s.idempotency_key)});
  }
  state_->host.submit(
      std::move(intakes), [done = std::move(done)](Result<std::vector<live::Outcome>> r) {
        if (!r.is_ok()) {
          done(r.status());
          return;
        }
        std::vector<SubmitResult> results;
        results.reserve(r->size());
        for (const live::Outcome& o : *r) {
          results.push_back(SubmitResult{o.seq, live::to_string(o.status), o.reason});
        }
        done(std::move(results));
      });
}

Result<nlohmann::json> LiveBackend::item(const std::string& id) {
  std::optional<json> j =
      state_->host.query([&id](const engine::Engine& e) { return item_json(e, id); });
  if (!j) return Status::not_found("no work item or contact '" + id + "'");
  return std::move(*j);
}

Result<nlohmann::json> LiveBackend::items(const ItemQuery& q) {
  std::string after;
  if (!q.cursor.empty()) {
    std::optional<std::string> decoded =
        q.cursor.size() > 1 && q.cursor[0] == 'c' ? unhex(q.cursor.substr(1)) : std::nullopt;
    if (!decoded) {
      return Status::invalid_argument("cursor: not a cursor this server gave",
                                      {Diagnostic{{}, "cursor", "not a cursor this server gave"}});
    }
    after = *decoded;
  }
  std::vector<std::string> candidates;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    const std::set<std::string>* from = &state_->items;
    static const std::set<std::string> none;
    if (!q.customer.empty()) {
      auto it = state_->customer_items.find(q.customer);
      from = it == state_->customer_items.end() ? &none : &it->second;
    }
    for (auto it = after.empty() ? from->begin() : from->upper_bound(after); it != from->end();
         ++it) {
      candidates.push_back(*it);
      if (candidates.size() >= 20'000) break;  // one page never scans more than this
    }
  }
  const std::size_t limit = std::clamp<std::size_t>(q.limit, 1, 1000);
  return state_->host.query([&](const engine::Engine& e) {
    json page = json::array();
    std::string last;
    std::size_t scanned = 0;
    for (const std::string& id : candidates) {
      ++scanned;
      last = id;
      std::optional<engine::ItemView> v = e.item(id);
      if (!v) continue;
      if (!q.place.empty() && q.place != engine::to_string(v->place)) continue;
      if (!q.queue.empty()) {
        bool in_queue = false;
        for (const auto& t : v->open_tasks) in_queue = in_queue || t.queue == q.queue;
        if (!in_queue) continue;
      }
      json j = item_view_json(*v, e.now());
      if (q.overdue && j["overdue"].get<bool>() != *q.overdue) continue;
      page.push_back(std::move(j));
      if (page.size() >= limit) break;
    }
    json out{{"items", std::move(page)}};
    out["next_cursor"] = scanned < candidates.size() || candidates.size() >= 20'000
                             ? json("c" + hex(last))
                             : json(nullptr);
    return out;
  });
}

Result<nlohmann::json> LiveBackend::journey(const std::string& customer) {
  json steps = state_->host.query([&customer](const engine::Engine& e) {
    json out = json::array();
    for (const engine::JourneyEntry& j : e.journey(customer)) {
      out.push_back(json{{"time", time_text(j.time)},
                         {"kind", engine::to_string(j.kind)},
                         {"ref", j.ref},
                         {"detail", j.detail}});
    }
    return out;
  });
  if (steps.empty()) return Status::not_found("no journey for customer '" + customer + "'");
  return json{{"customer", customer}, {"steps", std::move(steps)}};
}

namespace {

json queue_json(const engine::QueueView& v, const Queue& q, const QueueDay* d, Instant now,
                double target, double target_share) {
  json j{{"id", v.id},
         {"name", q.name},
         {"channel", q.channel},
         {"skill", q.skill},
         {"real_time", v.real_time},
         {"waiting", v.waiting},
         {"longest_wait_seconds",
          v.oldest_waiting_since ? (now - *v.oldest_waiting_since).count() : 0}};
  if (v.real_time) {
    j["arrivals_per_hour"] = v.smoothed_arrivals_per_hour;
    j["phone_need"] = v.phone_need;
    j["phone_agents"] = v.phone_agents;
    j["answer_target_seconds"] = target;
    j["service_level_target"] = target_share;
    const std::int64_t arrived = d ? d->arrived : 0, answered = d ? d->answered : 0;
    const std::int64_t abandoned = d ? d->abandoned : 0, in_target = d ? d->answered_in_target : 0;
    j["today"] = json{
        {"arrived", arrived},
        {"answered", answered},
        {"abandoned", abandoned},
        {"service_level", answered + abandoned > 0 ? json(static_cast<double>(in_target) /
                                                          static_cast<double>(answered + abandoned))
                                                   : json(nullptr)},
        {"abandon_rate", answered + abandoned > 0 ? json(static_cast<double>(abandoned) /
                                                         static_cast<double>(answered + abandoned))
                                                  : json(nullptr)}};
    std::int64_t recent = 0, recent_in = 0;
    if (d) {
      for (const auto& [t, in] : d->recent_answers) {
        if (now - t <= Seconds(900)) {
          ++recent;
          recent_in += in ? 1 : 0;
        }
      }
    }
    j["last_15_minutes"] =
        json{{"answered", recent},
             {"service_level",
              recent > 0 ? json(static_cast<double>(recent_in) / recent) : json(nullptr)}};
  }
  return j;
}

}  // namespace

Result<nlohmann::json> LiveBackend::queues() {
  json list = json::array();
  for (const Queue& q : state_->scenario.queues) {
    Result<json> one = queue(q.id);
    if (one.is_ok()) list.push_back(std::move(one).value());
  }
  return json{{"queues", std::move(list)}};
}

Result<nlohmann::json> LiveBackend::queue(const std::string& id) {
  const Queue* q = state_->scenario.find_queue(id);
  if (q == nullptr) return Status::not_found("no queue '" + id + "'");
  auto [view, now] = state_->host.query([&id](const engine::Engine& e) {
    return std::pair{e.queue(id), e.now()};
  });
  if (!view) return Status::not_found("no queue '" + id + "'");
  std::lock_guard<std::mutex> lock(state_->mutex);
  auto d = state_->queue_days.find(id);
  while (d != state_->queue_days.end() && !d->second.recent_answers.empty() &&
         now - d->second.recent_answers.front().first > Seconds(900)) {
    d->second.recent_answers.pop_front();
  }
  auto target = state_->answer_target.find(id);
  auto share = state_->answer_share.find(id);
  return queue_json(*view, *q, d == state_->queue_days.end() ? nullptr : &d->second, now,
                    target == state_->answer_target.end() ? 0.0 : target->second,
                    share == state_->answer_share.end() ? 0.0 : share->second);
}

namespace {

json agent_json(const Agent& a, const std::optional<engine::AgentView>& v) {
  json skills = json::array();
  for (const SkillLevel& s : a.skills)
    skills.push_back(json{{"skill", s.skill}, {"proficiency", s.proficiency}});
  json j{{"id", a.id},
         {"name", a.name},
         {"team", a.team},
         {"kind", to_string(a.kind)},
         {"skills", std::move(skills)}};
  j["logged_in"] = v && v->logged_in;
  if (v && v->logged_in) {
    j["state"] = engine::to_string(v->state);
    j["mode"] = engine::to_string(v->mode);
    j["activity"] = engine::to_string(v->activity);
    j["activity_until"] = v->activity_until ? json(time_text(*v->activity_until)) : json(nullptr);
    j["load"] = v->load;
    j["idle_since"] = time_text(v->idle_since);
    json offered = json::array(), assigned = json::array();
    for (const auto& w : v->offered) offered.push_back(work_json(w));
    for (const auto& w : v->assigned) assigned.push_back(work_json(w));
    j["offered"] = std::move(offered);
    j["assigned"] = std::move(assigned);
  }
  return j;
}

}  // namespace

Result<nlohmann::json> LiveBackend::agents() {
  const Scenario& s = state_->scenario;
  json list = state_->host.query([&s](const engine::Engine& e) {
    json out = json::array();
    for (const Agent& a : s.agents) out.push_back(agent_json(a, e.agent(a.id)));
    return out;
  });
  return json{{"agents", std::move(list)}};
}

Result<nlohmann::json> LiveBackend::agent(const std::string& id) {
  const Agent* a = state_->scenario.find_agent(id);
  if (a == nullptr) return Status::not_found("no agent '" + id + "'");
  return state_->host.query(
      [a](const engine::Engine& e) { return agent_json(*a, e.agent(a->id)); });
}

std::string LiveBackend::team_of(const std::string& agent) {
  auto it = state_->team.find(agent);
  return it == state_->team.end() ? std::string() : it->second;
}

namespace {

class StreamHandle final : public StreamSubscription {
 public:
  explicit StreamHandle(std::unique_ptr<live::Subscription> sub) : sub_(std::move(sub)) {}

 private:
  std::unique_ptr<live::Subscription> sub_;
};

}  // namespace

Result<std::unique_ptr<StreamSubscription>> LiveBackend::subscribe(const StreamFilter& filter,
                                                                   std::int64_t after_seq,
                                                                   StreamDeliver deliver) {
  Result<std::unique_ptr<live::Subscription>> sub = state_->host.subscribe(
      after_seq, [filter, deliver = std::move(deliver)](const live::PublishedPtr& p) {
        if (stream_matches(*p, filter)) deliver(StreamRecord{p->seq, "record", stream_json(*p)});
      });
  if (!sub.is_ok()) return sub.status();
  return std::unique_ptr<StreamSubscription>(
      std::make_unique<StreamHandle>(std::move(sub).value()));
}

Status LiveBackend::ready() {
  const live::HostStatus s = state_->host.status();
  if (!s.ready) return Status::unavailable("the live host is not ready: " + s.problem);
  return Status::ok();
}

std::string LiveBackend::metrics() {
  const live::HostStatus s = state_->host.status();
  std::string m;
  const auto gauge = [&m](const char* name, const char* help, const char* type, double value) {
    m += fmt::format("# HELP {0} {1}\n# TYPE {0} {2}\n{0} {3}\n", name, help, type, value);
  };
  gauge("tandem_live_ready", "1 when the live host has recovered and takes events", "gauge",
        s.ready ? 1 : 0);
  gauge("tandem_live_last_seq", "sequence of the last event in the log", "gauge",
        static_cast<double>(s.last_seq));
  gauge("tandem_live_snapshot_seq", "last event in the latest engine snapshot", "gauge",
        static_cast<double>(s.snapshot_seq));
  gauge("tandem_live_events_applied_total", "events the engine applied", "counter",
        static_cast<double>(s.applied));
  gauge("tandem_live_events_rejected_total", "events the engine rejected", "counter",
        static_cast<double>(s.rejected));
  gauge("tandem_live_events_duplicate_total", "events answered as duplicates", "counter",
        static_cast<double>(s.duplicates));
  gauge("tandem_live_commits_total", "group commits to the store", "counter",
        static_cast<double>(s.batches));
  gauge("tandem_live_failed_commits_total", "commits the store refused", "counter",
        static_cast<double>(s.failed_batches));
  gauge("tandem_live_queued_events", "events waiting for the host thread", "gauge",
        static_cast<double>(s.queued));
  gauge("tandem_live_subscribers", "open subscriptions to the host", "gauge",
        static_cast<double>(s.subscribers));
  gauge("tandem_live_recovery_seconds", "time the last recovery took", "gauge", s.recovery_seconds);
  gauge("tandem_engine_open_items", "open work items", "gauge",
        static_cast<double>(s.engine.open_items));
  gauge("tandem_engine_open_contacts", "open contacts", "gauge",
        static_cast<double>(s.engine.open_contacts));
  return m;
}

Instant LiveBackend::now() { return state_->clock.now(); }

}  // namespace tandem::server
