// SPDX-License-Identifier: Apache-2.0
// The handlers of the contact events (arrived, abandoned, ended). Every handler validates the
// event completely before it changes anything.
#include <fmt/format.h>

#include <algorithm>

#include "engine/internal/rejections.h"
#include "engine/state.h"

namespace tandem::engine::detail {

Status EngineState::on(const ContactArrived& e) {
  static constexpr const char* kEv = "ContactArrived";
  if (e.contact.empty()) return reject(StatusCode::kInvalidArgument, kEv, "empty contact id");
  if (find_contact(e.contact) != kNone) {
    return reject(StatusCode::kConflict, kEv, "contact '" + e.contact + "' already exists");
  }
  auto q = queue_index.find(e.queue);
  if (q == queue_index.end()) return unknown(kEv, "queue", e.queue);
  if (!queues[q->second].real_time) {
    return reject(StatusCode::kInvalidArgument, kEv,
                  "queue '" + e.queue + "' is deferrable: send WorkItemCreated with work_type");
  }
  Idx c;
  if (!free_contacts.empty()) {
    c = free_contacts.back();
    free_contacts.pop_back();
  } else {
    c = static_cast<Idx>(contacts.size());
    contacts.emplace_back();
  }
  ContactRec& rec = contacts[c];
  const std::uint32_t gen = rec.gen + 1;
  rec = ContactRec{};
  rec.id = e.contact;
  rec.queue = q->second;
  rec.customer = customer_of(e.customer);
  rec.live = true;
  rec.gen = gen;
  rec.arrived = now;
  rec.since = now;
  contact_index.insert(e.contact, c);
  QueueInfo& queue = queues[q->second];
  ++queue.interval_count;
  if (rec.customer != kNone) {
    journey(rec.customer, JourneyKind::kContactArrived, e.contact, queue.id);
  }
  enqueue_contact(c);
  add_timer(now + static_cast<Time>(std::ceil(queue.sl_seconds)), TimerKind::kServiceLevelCheck,
            WorkKind::kContact, c, rec.gen);
  mark_queue(q->second);
  mark_blending(q->second);
  return Status::ok();
}

Status EngineState::on(const ContactAbandoned& e) {
  static constexpr const char* kEv = "ContactAbandoned";
  const Idx c = find_contact(e.contact);
  if (c == kNone) return unknown(kEv, "contact", e.contact);
  ContactRec& rec = contacts[c];
  if (rec.place == Place::kAssigned) {
    return reject(StatusCode::kConflict, kEv,
                  "contact '" + e.contact + "' is already answered by agent '" +
                      agents[rec.agent].id + "' (send ContactEnded)");
  }
  if (rec.place == Place::kOffered) {
    const Idx agent = rec.agent;
    out->push_back(WithdrawWork{to_instant(now), agents[agent].id,
                                WorkRef{WorkKind::kContact, rec.id}, WithdrawReason::kAbandoned});
    take_back(agent, WorkHandle{WorkKind::kContact, c});
    mark_agent(agent);
  } else {
    dequeue_contact(c);
  }
  if (rec.customer != kNone) {
    journey(rec.customer, JourneyKind::kContactAbandoned, rec.id, queues[rec.queue].id);
  }
  rules_on_contact_abandoned(c);
  rec.place = Place::kCancelled;
  rec.live = false;
  ++rec.gen;
  unindex_contact(c);
  free_contacts.push_back(c);
  mark_blending(rec.queue);
  return Status::ok();
}

Status EngineState::on(const ContactEnded& e) {
  static constexpr const char* kEv = "ContactEnded";
  const Idx c = find_contact(e.contact);
  if (c == kNone) return unknown(kEv, "contact", e.contact);
  const Idx agent = find_agent(e.agent);
  if (agent == kNone) return unknown(kEv, "agent", e.agent);
  ContactRec& rec = contacts[c];
  if (rec.place != Place::kAssigned || rec.agent != agent) {
    return reject(StatusCode::kConflict, kEv,
                  "contact '" + e.contact + "' is not assigned to agent '" + e.agent + "'");
  }
  if (rec.after_work) {
    return reject(StatusCode::kConflict, kEv, "contact '" + e.contact + "' has already ended");
  }
  if (e.after_contact_work && e.after_contact_work->count() < 0) {
    return reject(StatusCode::kInvalidArgument, kEv, "negative after_contact_work");
  }
  const Time acw = e.after_contact_work
                       ? e.after_contact_work->count()
                       : static_cast<Time>(std::llround(queues[rec.queue].acw_seconds));
  if (rec.customer != kNone) {
    journey(rec.customer, JourneyKind::kContactEnded, rec.id, agents[agent].id);
  }
  if (acw > 0) {
    rec.after_work = true;
    ++rec.gen;
    add_timer(now + acw, TimerKind::kAfterWorkEnd, WorkKind::kContact, c, rec.gen);
    return Status::ok();
  }
  take_back(agent, WorkHandle{WorkKind::kContact, c});
  rec.place = Place::kDone;
  rec.live = false;
  unindex_contact(c);
  free_contacts.push_back(c);
  mark_agent(agent);
  return Status::ok();
}

}  // namespace tandem::engine::detail
