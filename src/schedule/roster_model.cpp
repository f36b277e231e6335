// SPDX-License-Identifier: Apache-2.0
// Rostering model: the cover plan's shifts of one agent class go to its named agents through an
// assignment MIP (COIN-OR CBC), which sees every agent's week at once: contract minimum and
// maximum hours, days per week, one shift a day, minimum rest, maximum consecutive days,
// requested days off and preferred templates. Greedy day-by-day rostering cannot see that a
// short shift given today leaves an agent unable to reach their minimum on Friday.
//
// The model never grows with the whole headcount: a class is cut into chunks of at most
// kChunkAgents agents, each with a proportional share of the class's planned shifts of every
// paid length, and each chunk is its own small MIP (agents x the week's shift kinds).
//
// Variables (agent a of the chunk, option q of a, planned kind k, week w)
//   z[a,q]  binary  agent a works option q: a planned kind k itself, a lengthened k (a longer
//                   kind the same day containing k's hours: serves k's count, keeps its cover)
//                   or an added shift of any other kind a can work (serves no count)
//   o[k]    >= 0    planned shifts of kind k left to the greedy rostering (penalised)
//   m[a,w]  >= 0    minutes below a's contract minimum in week w (penalised as the cover model)
// Rows: sum of options serving k + o[k] >= share of count[k]; one shift a day; paid minutes
// per week in [minimum - m, maximum]; days per week; an option + the options on later days
// starting too soon after it ends <= 1 (minimum rest); every max_consecutive_days + 1
// consecutive days hold at most max_consecutive_days shifts. Options cost their pay (and the
// soft penalties), so the model lengthens or adds shifts only where a minimum needs them.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "schedule/internal.h"
#include "schedule/mip.h"

namespace tandem::schedule::detail {

namespace {

constexpr int kChunkAgents = 40;
constexpr double kChunkRelativeGap = 1e-4;

bool has(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// An agent's possible shift in the chunk model: it serves planned kind `planned` (index into
// the chunk's counts) by working `kind`, the planned kind itself or a longer kind the same day
// containing its hours (a lengthened shift: more paid time towards the contract minimum, and
// the planned cover kept).
struct Option {
  int planned = 0;
  int kind = 0;
  int column = 0;
};

// Solves one chunk; appends the shifts it assigns and adds what it leaves to `leftover`.
void roster_chunk(const ScheduleProblem& p, const CoverPlan& plan, const std::vector<int>& agents,
                  const std::vector<std::pair<int, int>>& counts, const CbcRunOptions& run,
                  std::vector<Placed>& placed, std::vector<int>& leftover) {
  const int weeks = (p.days + 6) / 7;
  const int na = static_cast<int>(agents.size());
  const int nk = static_cast<int>(counts.size());
  const int all_kinds = static_cast<int>(plan.kinds.size());
  LpBuilder lp;
  std::vector<int> cover_row(nk), over(nk);
  for (int i = 0; i < nk; ++i) {
    const ShiftKind& kind = plan.kinds[counts[i].first];
    // At least the planned count (more only when a minimum needs it: each shift is paid).
    cover_row[i] = lp.add_row(counts[i].second, kInfinity);
    // Leaving a planned shift out costs what its cover is worth to the cover model, at most.
    over[i] = lp.add_column(
        0.5 * p.weights.unmet_front_office_per_agent_hour * kind.length_minutes / 60.0, 0.0,
        counts[i].second, false);
    lp.add(cover_row[i], over[i], 1.0);
  }
  std::vector<std::vector<Option>> options(na);
  for (int a = 0; a < na; ++a) {
    const ScheduleAgent& agent = p.agents[agents[a]];
    const Contract& con = agent.contract;
    auto cost_of = [&](int k) {
      const ShiftKind& kind = plan.kinds[k];
      double cost = agent.cost_per_hour * kind.paid_minutes / 60.0;
      if (has(agent.days_off_requested, kind.day)) cost += p.weights.day_off_worked;
      const auto& pref = agent.preferred_templates;
      if (!pref.empty() && std::find(pref.begin(), pref.end(),
                                     p.shift_templates[kind.template_index].id) == pref.end())
        cost += p.weights.non_preferred_shift;
      return cost;
    };
    std::vector<Option>& opts = options[a];
    for (int i = 0; i < nk; ++i) {
      const ShiftKind& planned = plan.kinds[counts[i].first];
      if (!is_available(p, agent, planned.start_minute, planned.end_minute())) continue;
      for (int k = 0; k < all_kinds; ++k) {
        const ShiftKind& kind = plan.kinds[k];
        if (k != counts[i].first &&
            (kind.day != planned.day || kind.paid_minutes <= planned.paid_minutes ||
             kind.start_minute > planned.start_minute || kind.end_minute() < planned.end_minute() ||
             !is_available(p, agent, kind.start_minute, kind.end_minute())))
          continue;
        const int col = lp.add_column(cost_of(k), 0.0, 1.0, true);
        lp.add(cover_row[i], col, 1.0);
        opts.push_back({i, k, col});
      }
    }
    // Added shifts: any other kind the agent can work, paid in full (for a minimum the
    // planned kinds cannot reach); planned = -1.
    std::vector<bool> offered(all_kinds, false);
    for (const Option& o : opts) offered[o.kind] = true;
    for (int k = 0; k < all_kinds; ++k) {
      const ShiftKind& kind = plan.kinds[k];
      if (offered[k] || !is_available(p, agent, kind.start_minute, kind.end_minute())) continue;
      opts.push_back({-1, k, lp.add_column(cost_of(k), 0.0, 1.0, true)});
    }
    // One shift a day.
    for (int d = 0; d < p.days; ++d) {
      int row = -1;
      for (const Option& o : opts)
        if (plan.kinds[o.kind].day == d) {
          if (row < 0) row = lp.add_row(-kInfinity, 1.0);
          lp.add(row, o.column, 1.0);
        }
    }
    // Hours and days per week.
    for (int wk = 0; wk < weeks; ++wk) {
      const double share = std::min(7, p.days - 7 * wk) / 7.0;
      const int min_row = lp.add_row(con.min_hours_per_week * 60.0 * share, kInfinity);
      const int max_row = lp.add_row(-kInfinity, con.max_hours_per_week * 60.0);
      const int days_row = lp.add_row(-kInfinity, con.max_days_per_week);
      const int shortfall =
          lp.add_column(kMinimumShortfallFactor * std::max(1.0, agent.cost_per_hour) / 60.0, 0.0,
                        kInfinity, false);
      lp.add(min_row, shortfall, 1.0);
      for (const Option& o : opts) {
        const ShiftKind& kind = plan.kinds[o.kind];
        if (kind.day / 7 != wk) continue;
        lp.add(min_row, o.column, kind.paid_minutes);
        lp.add(max_row, o.column, kind.paid_minutes);
        lp.add(days_row, o.column, 1.0);
      }
    }
    // Minimum rest: an option and every option on a later day starting too soon after it ends
    // (those all fall on one day, so at most one of them is worked anyway).
    const int rest = static_cast<int>(std::lround(con.min_rest_hours * 60.0));
    for (const Option& oi : opts) {
      const ShiftKind& ki = plan.kinds[oi.kind];
      int row = -1;
      for (const Option& oj : opts) {
        const ShiftKind& kj = plan.kinds[oj.kind];
        if (kj.day <= ki.day || kj.start_minute - ki.end_minute() >= rest) continue;
        if (row < 0) {
          row = lp.add_row(-kInfinity, 1.0);
          lp.add(row, oi.column, 1.0);
        }
        lp.add(row, oj.column, 1.0);
      }
    }
    // Maximum consecutive days.
    const int run_limit = con.max_consecutive_days;
    for (int d0 = 0; run_limit >= 0 && d0 + run_limit < p.days; ++d0) {
      const int row = lp.add_row(-kInfinity, run_limit);
      for (const Option& o : opts) {
        const int day = plan.kinds[o.kind].day;
        if (day >= d0 && day <= d0 + run_limit) lp.add(row, o.column, 1.0);
      }
    }
  }

  OsiClpSolverInterface solver;
  solver.messageHandler()->setLogLevel(0);
  lp.load(solver);
  CbcModel model(solver);
  run_cbc(model, run);
  const double* x = model.bestSolution();
  std::vector<int> assigned(nk, 0);
  for (int a = 0; a < na && x != nullptr; ++a)
    for (const Option& o : options[a]) {
      if (x[o.column] < 0.5) continue;
      Placed s;
      s.agent = agents[a];
      s.kind = o.kind;
      s.break_start.assign(plan.kinds[s.kind].break_starts.size(), -1);
      placed.push_back(std::move(s));
      if (o.planned >= 0) ++assigned[o.planned];
    }
  for (int i = 0; i < nk; ++i)
    leftover[counts[i].first] += std::max(0, counts[i].second - assigned[i]);
}

}  // namespace

std::vector<Placed> roster_by_model(const ScheduleProblem& p, const CoverPlan& plan,
                                    const SolveOptions& options, double seconds,
                                    std::vector<int>& placed_class,
                                    std::vector<std::vector<int>>& leftover) {
  std::vector<Placed> placed;
  const int nc = static_cast<int>(plan.classes.size());
  const int nk = static_cast<int>(plan.kinds.size());
  leftover.assign(nc, std::vector<int>(nk, 0));
  size_t headcount = 0;
  for (const AgentClass& c : plan.classes) headcount += c.agents.size();
  for (int c = 0; c < nc; ++c) {
    const std::vector<int>& members = plan.classes[c].agents;
    const int chunks = static_cast<int>((members.size() + kChunkAgents - 1) / kChunkAgents);
    if (chunks == 0) continue;
    // Members dealt round-robin; each planned shift goes to the chunk furthest below its
    // share, shifts ordered by paid length, then day and start: each chunk gets its share of
    // every length (within one shift), so its minutes match its agents' contract minimums
    // as closely as the class's do (plans often hold exactly the minimums' minutes).
    std::vector<std::vector<int>> chunk_agents(chunks);
    std::vector<int> order(nk);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      const ShiftKind& ka = plan.kinds[a];
      const ShiftKind& kb = plan.kinds[b];
      if (ka.paid_minutes != kb.paid_minutes) return ka.paid_minutes > kb.paid_minutes;
      if (ka.day != kb.day) return ka.day < kb.day;
      return ka.start_minute < kb.start_minute;
    });
    for (size_t i = 0; i < members.size(); ++i) chunk_agents[i % chunks].push_back(members[i]);
    std::vector<std::vector<std::pair<int, int>>> chunk_counts(chunks);
    std::vector<double> given(chunks, 0.0);
    double total = 0;
    for (int k : order)
      for (int n = 0; n < plan.count[c][k]; ++n) {
        total += 1.0;
        int best = 0;
        double best_gap = -1e18;
        for (int q = 0; q < chunks; ++q) {
          const double gap = total * static_cast<double>(chunk_agents[q].size()) /
                                 static_cast<double>(members.size()) -
                             given[q];
          if (gap > best_gap + 1e-9) {
            best_gap = gap;
            best = q;
          }
        }
        given[best] += 1.0;
        auto& cc = chunk_counts[best];
        if (!cc.empty() && cc.back().first == k)
          ++cc.back().second;
        else
          cc.push_back({k, 1});
      }
    for (int q = 0; q < chunks; ++q) {
      if (chunk_counts[q].empty()) continue;
      if (options.stop != nullptr && options.stop->load()) {  // the greedy takes the rest
        for (const auto& [k, n] : chunk_counts[q]) leftover[c][k] += n;
        continue;
      }
      CbcRunOptions run;
      run.seconds = std::max(0.2, seconds * static_cast<double>(chunk_agents[q].size()) /
                                      static_cast<double>(std::max<size_t>(1, headcount)));
      // The paid hours of the planned shifts are a fixed part of a chunk's objective, so the
      // gap that matters (lengthened shifts, minimum shortfall) is a tiny share of it.
      run.relative_gap = std::min(options.relative_gap, kChunkRelativeGap);
      run.seed = options.seed;
      run.max_nodes = options.max_nodes;
      const size_t before = placed.size();
      roster_chunk(p, plan, chunk_agents[q], chunk_counts[q], run, placed, leftover[c]);
      placed_class.insert(placed_class.end(), placed.size() - before, c);
    }
  }
  return placed;
}

}  // namespace tandem::schedule::detail
