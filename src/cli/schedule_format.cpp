// SPDX-License-Identifier: Apache-2.0
#include "cli/schedule_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/plan.h"
#include "io/schedule_json.h"
#include "schedule/ics.h"

namespace tandem::cli {

namespace {

namespace sch = tandem::schedule;

std::string num(double v, int decimals = 2) { return fmt::format("{:.{}f}", v, decimals); }

std::string date_of(const sch::ScheduleProblem& p, int day) {
  return format_local_date(p.start_date + std::chrono::days{day});
}

std::string hhmm(int minute) {
  return fmt::format("{:02d}:{:02d}", (minute % 1440) / 60, minute % 60);
}

std::string percent_or_dash(double share) {
  return std::isfinite(share) ? num(100 * share, 1) + "%" : "-";
}

std::string activity_summary(const sch::AgentShift& s) {
  std::string out;
  for (const auto& a : s.activities) {
    if (!out.empty()) out += ", ";
    out +=
        fmt::format("{}-{} {}", hhmm(a.start_minute), hhmm(a.end_minute),
                    a.kind == sch::ActivityKind::kPhones || a.kind == sch::ActivityKind::kBackOffice
                        ? a.target
                        : sch::to_string(a.kind));
  }
  return out;
}

}  // namespace

Table schedule_interval_table(const sch::ScheduleProblem& p, const sch::ScheduleResult& r) {
  Table t({"group", "date", "start", "end", "required", "scheduled", "expected_sl"});
  for (size_t g = 0; g < p.front_office.size(); ++g)
    for (int i = 0; i < p.interval_count(); ++i) {
      const double req = p.front_office[g].required_agents[i];
      const double sl = r.expected_service_level[g][i];
      if (req <= 0 && r.coverage[g][i] <= 0 && !std::isfinite(sl)) continue;
      const int minute = i * p.interval_minutes;
      t.add_row({p.front_office[g].id, date_of(p, minute / 1440), hhmm(minute),
                 hhmm(minute + p.interval_minutes), num(req, 0), num(r.coverage[g][i], 0),
                 std::isfinite(sl) ? num(sl, 4) : ""});
    }
  return t;
}

Table schedule_shift_table(const sch::ScheduleProblem& p, const sch::ScheduleResult& r) {
  Table t({"agent", "date", "shift", "template", "paid h", "activities"});
  for (const auto& s : r.shifts)
    t.add_row({p.agents[s.agent].id, date_of(p, s.day),
               hhmm(s.start_minute) + "-" + hhmm(s.end_minute), s.template_id,
               num(s.paid_minutes / 60.0, 2), activity_summary(s)});
  return t;
}

Table schedule_activity_table(const sch::ScheduleProblem& p, const sch::ScheduleResult& r) {
  Table t({"agent", "date", "shift_start", "shift_end", "template", "activity", "target", "start",
           "end"});
  for (const auto& s : r.shifts)
    for (const auto& act : s.activities)
      t.add_row({p.agents[s.agent].id, date_of(p, s.day), hhmm(s.start_minute), hhmm(s.end_minute),
                 s.template_id, sch::to_string(act.kind), act.target, hhmm(act.start_minute),
                 hhmm(act.end_minute)});
  return t;
}

nlohmann::json schedule_json(const sch::ScheduleProblem& p, const sch::ScheduleResult& r) {
  std::vector<double> overall;
  for (const app::GroupCoverTotals& g : app::cover_totals(p, r))
    overall.push_back(g.expected_service_level);
  return io::schedule_json(p, r, overall);
}

void print_schedule_summary(const sch::ScheduleProblem& p, const sch::ScheduleResult& r,
                            std::ostream& out, size_t max_unmet) {
  out << fmt::format("Schedule {} .. {} ({} days, {} agents, {} rostered, {} shifts): {}\n",
                     date_of(p, 0), date_of(p, p.days - 1), p.days, p.agents.size(),
                     app::rostered_people(p, r), r.shifts.size(), sch::to_string(r.outcome));
  out << fmt::format(
      "  objective {:.0f} = cost {:.0f} + penalties {:.0f}; cover-MIP bound {:.0f} "
      "(gap {:.2f}%; MIP {:.0f}, gap {:.2f}%, {:.1f} s, {} columns)\n",
      r.objective, r.cost, r.penalty, r.mip_bound, 100 * r.gap_to_bound, r.mip_objective,
      100 * r.mip_gap, r.mip_seconds, r.mip_columns);
  out << fmt::format(
      "  front office unmet {:.1f} agent-hours; back office late {:.1f} "
      "hour-hours\n",
      r.unmet_agent_hours, r.back_office_late_hour_hours);
  Table groups({"group", "required agent-h", "scheduled agent-h", "unmet agent-h", "expected SL"});
  for (const app::GroupCoverTotals& g : app::cover_totals(p, r))
    groups.add_row({g.group, num(g.required_agent_hours, 1), num(g.scheduled_agent_hours, 1),
                    num(g.unmet_agent_hours, 1), percent_or_dash(g.expected_service_level)});
  for (size_t w = 0; w < p.back_office.size(); ++w) {
    const auto& win = p.back_office[w];
    groups.add_row({win.work_type + " (back office)", num(win.due_hours.back(), 1) + " due",
                    num(r.back_office_done[w].back(), 1) + " done",
                    num(win.available_hours.back(), 1) + " arrived", ""});
  }
  groups.print(out);
  if (!r.unmet.empty()) {
    out << "Unmet requirement (worst first):\n";
    std::vector<const sch::UnmetRequirement*> order;
    for (const auto& u : r.unmet) order.push_back(&u);
    std::stable_sort(order.begin(), order.end(),
                     [](auto* a, auto* b) { return a->short_agent_hours > b->short_agent_hours; });
    for (size_t i = 0; i < order.size() && i < max_unmet; ++i) {
      const auto& u = *order[i];
      out << fmt::format("  {}-{} {} short by {:g}: {}\n",
                         sch::minute_label(p, u.first_interval * p.interval_minutes),
                         hhmm(u.end_interval * p.interval_minutes), u.group, u.max_short_agents,
                         u.reason);
    }
    if (order.size() > max_unmet) out << fmt::format("  ... {} more\n", order.size() - max_unmet);
  }
  for (const auto& e : r.explanations) out << "  note: " << e << '\n';
  for (const auto& v : r.violations) out << "  VIOLATION " << v.rule << ": " << v.message << '\n';
}

bool write_agent_calendars(const Scenario& scenario, const sch::ScheduleProblem& p,
                           const sch::ScheduleResult& r, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    std::cerr << "tandem schedule: --ics-dir " << dir << ": " << ec.message() << '\n';
    return false;
  }
  const std::string zone = scenario.sites.empty() ? "UTC" : scenario.sites.front().time_zone;
  for (size_t a = 0; a < p.agents.size(); ++a) {
    const std::filesystem::path file = std::filesystem::path(dir) / (p.agents[a].id + ".ics");
    std::ofstream f(file, std::ios::binary);
    f << sch::agent_ics(p, r, static_cast<int>(a), zone);
    if (!f) {
      std::cerr << "tandem schedule: cannot write " << file.string() << '\n';
      return false;
    }
  }
  return true;
}

}  // namespace tandem::cli
