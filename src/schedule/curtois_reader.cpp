// SPDX-License-Identifier: Apache-2.0
// The file I/O edge of the Curtois benchmark reader: reads whole files, then parses the text
// with the pure parsers of curtois_parser.cpp.
#include <fstream>
#include <sstream>

#include "schedule/curtois_parser.h"

namespace tandem::schedule::curtois {

namespace {

Result<std::string> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found(path + ": cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::unavailable(path + ": read error");
  return text.str();
}

}  // namespace

Result<Instance> read_instance(const std::string& path) {
  auto text = slurp(path);
  if (!text.is_ok()) return text.status();
  return parse_instance(*text, path);
}

Result<std::vector<BestKnown>> read_best_known(const std::string& path) {
  auto text = slurp(path);
  if (!text.is_ok()) return text.status();
  return parse_best_known(*text, path);
}

}  // namespace tandem::schedule::curtois
