// SPDX-License-Identifier: Apache-2.0
// `tandem generate-history CONFIG [--out DIR]`: write the seeded synthetic history
// (contacts.csv, work_items.csv) described by a generator config (docs/history-generator.md).
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "model/history_generator.h"
#include "model/history_generator_config.h"

namespace tandem::cli {

namespace {

namespace fs = std::filesystem;

bool write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return static_cast<bool>(out);
}

struct QueueTotals {
  const char* file = "";
  long rows = 0;
  long volume = 0;
};

int run_generate(const std::string& config_path, std::string out_dir, OutputFormat format) {
  HistoryGeneratorConfigLoad load = load_history_generator_config(config_path);
  if (!load.ok()) {
    std::cerr << to_string(load.problems);
    std::cerr << load.problems.size() << " problem(s) found in " << config_path << '\n';
    return 1;
  }
  Result<GeneratedHistory> history = generate_history(*load.config);
  if (!history.is_ok()) {
    std::cerr << config_path << ": " << history.status().message() << '\n';
    return exit_code_for(history.status().code());
  }
  if (out_dir.empty()) out_dir = (fs::path(config_path).parent_path() / "history").string();
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) {
    std::cerr << "tandem: cannot create directory " << out_dir << ": " << ec.message() << '\n';
    return 1;
  }
  const fs::path contacts = fs::path(out_dir) / "contacts.csv";
  const fs::path work_items = fs::path(out_dir) / "work_items.csv";
  for (const auto& [path, rows] :
       {std::pair{contacts, &history->contacts}, std::pair{work_items, &history->work_items}}) {
    if (!write_file(path, format_history_csv(*rows))) {
      std::cerr << "tandem: cannot write " << path.string() << '\n';
      return 1;
    }
  }

  std::map<std::string, QueueTotals> totals;
  for (const auto& [file, rows] : {std::pair{"contacts.csv", &history->contacts},
                                   std::pair{"work_items.csv", &history->work_items}}) {
    for (const auto& r : *rows) {
      auto& t = totals[r.queue];
      t.file = file;
      ++t.rows;
      t.volume += r.volume;
    }
  }
  if (format == OutputFormat::kJson) {
    nlohmann::json j = {{"contacts", contacts.string()},
                        {"work_items", work_items.string()},
                        {"queues", nlohmann::json::array()}};
    for (const auto& [queue, t] : totals)
      j["queues"].push_back(
          {{"queue", queue}, {"file", t.file}, {"rows", t.rows}, {"volume", t.volume}});
    std::cout << j.dump(2) << '\n';
    return 0;
  }
  Table table({"queue", "file", "rows", "volume"});
  for (const auto& [queue, t] : totals)
    table.add_row({queue, t.file, std::to_string(t.rows), std::to_string(t.volume)});
  std::cout << fmt::format("History from {} (seed {})\n", config_path, load.config->seed);
  table.print(std::cout);
  std::cout << fmt::format("wrote {} ({} rows) and {} ({} rows)\n", contacts.string(),
                           history->contacts.size(), work_items.string(),
                           history->work_items.size());
  return 0;
}

}  // namespace

void add_generate_history_command(CLI::App& app, CommandContext& ctx) {
  auto* cmd =
      app.add_subcommand("generate-history",
                         "write seeded synthetic history CSVs (contacts, work items) from a "
                         "generator config");
  auto config = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto format = std::make_shared<OutputFormat>(OutputFormat::kTable);
  cmd->add_option("config", *config, "generator config YAML (docs/history-generator.md)")
      ->required();
  cmd->add_option("--out", *out,
                  "output directory for contacts.csv and work_items.csv (default: the "
                  "config's folder/history)");
  add_format_flags(cmd, *format, /*with_csv=*/false);
  cmd->callback(
      [&ctx, config, out, format] { ctx.exit_code = run_generate(*config, *out, *format); });
}

}  // namespace tandem::cli
