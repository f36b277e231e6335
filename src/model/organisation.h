// SPDX-License-Identifier: Apache-2.0
// Where people work and what they can do: sites, teams, skills and channels.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/calendar.h"

namespace tandem {

struct Skill {
  std::string id;
  std::string name;
};

struct Site {
  std::string id;
  std::string name;
  std::string time_zone;  // IANA, e.g. "Europe/London"
  WeeklyHours opening_hours;
  std::vector<LocalDays> holidays;
};

// Real-time work (voice, chat) must be answered while the customer waits; deferrable work
// (email, back office) waits in a backlog against a deadline.
enum class ChannelMode { kRealTime, kDeferrable };

struct Channel {
  std::string id;  // e.g. "voice", "chat", "email", "back_office"
  std::string name;
  ChannelMode mode = ChannelMode::kRealTime;
  int concurrency = 1;    // items one agent may handle at once (chat: up to 3)
  bool pausable = false;  // a task may be paused and resumed with its progress kept
};

// Which department a team belongs to when the work is siloed (a policy with blending off):
// the front office works customer contacts (real-time voice/chat and deferrable contacts such
// as email), the back office works process steps (and their exceptions). kUnset: derived from
// the team's agents (docs/scenario.md).
enum class Office : unsigned char { kUnset, kFrontOffice, kBackOffice };

struct Team {
  std::string id;
  std::string name;
  std::string site;  // Site id
  // Per-channel concurrency overriding Channel::concurrency for this team's agents.
  std::map<std::string, int> channel_concurrency;
  Office office = Office::kUnset;  // scenario field `office: front_office | back_office`
};

const char* to_string(ChannelMode mode);

}  // namespace tandem
