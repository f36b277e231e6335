// SPDX-License-Identifier: Apache-2.0
// `tandem store export`'s core: JSON lines and CSV of events and actions for a time range.
#include "store/export.h"

#include <gtest/gtest.h>

#include <sstream>

#include "backends.h"

namespace tandem::store {
namespace {

Instant at(std::int64_t s) { return Instant{Seconds{s}}; }

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = open_store(place_.url());
    ASSERT_TRUE(s.is_ok()) << s.status().message();
    store_ = std::move(s).value();
    // 2026-11-02T09:00:00Z = 1793610000
    std::vector<EventRecord> events = {
        {0, at(1793610000), "work_item_created", R"({"item":"W1"})", "k1", {}, "", at(1793610001)},
        {0, at(1793613600), "contact_arrived", R"({"contact":"C, \"one\""})", "",
         EventOutcome::kRejected, "unknown queue", at(1793613600)},
        {0, at(1793617200), "clock_tick", "not json", "", {}, "", at(1793617200)},
    };
    std::vector<ActionRecord> actions = {
        {1, 0, at(1793610000), "offer_work", R"({"agent":"A1"})"},
        {3, 0, at(1793617200), "recall_agent", R"({"agent":"A2"})"},
    };
    ASSERT_TRUE(store_->append(events, actions).is_ok());
  }

  testing::StorePlace place_{"sqlite"};
  std::unique_ptr<Store> store_;
};

TEST_F(ExportTest, EventsAsJsonLinesInRange) {
  std::ostringstream out;
  ExportOptions o;
  o.from = at(1793610000);
  o.to = at(1793617200);  // excludes the third event
  auto n = export_records(*store_, o, out);
  ASSERT_TRUE(n.is_ok()) << n.status().message();
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(
      out.str(),
      R"({"seq":1,"time":"2026-11-02T09:00:00Z","type":"work_item_created","payload":{"item":"W1"},"idempotency_key":"k1","outcome":"applied","reason":"","received":"2026-11-02T09:00:01Z"})"
      "\n"
      R"({"seq":2,"time":"2026-11-02T10:00:00Z","type":"contact_arrived","payload":{"contact":"C, \"one\""},"idempotency_key":"","outcome":"rejected","reason":"unknown queue","received":"2026-11-02T10:00:00Z"})"
      "\n");
}

TEST_F(ExportTest, PayloadThatIsNotJsonBecomesAString) {
  std::ostringstream out;
  ExportOptions o;
  o.from = at(1793617200);
  auto n = export_records(*store_, o, out);
  ASSERT_TRUE(n.is_ok());
  EXPECT_EQ(*n, 1);
  EXPECT_NE(out.str().find(R"("payload":"not json")"), std::string::npos) << out.str();
}

TEST_F(ExportTest, EventsAsCsvQuoteWhatNeedsIt) {
  std::ostringstream out;
  ExportOptions o;
  o.format = ExportFormat::kCsv;
  o.from = at(1793613600);
  o.to = at(1793613601);
  auto n = export_records(*store_, o, out);
  ASSERT_TRUE(n.is_ok());
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(out.str(),
            "seq,time,type,idempotency_key,outcome,reason,received,payload\r\n"
            "2,2026-11-02T10:00:00Z,contact_arrived,,rejected,unknown queue,"
            "2026-11-02T10:00:00Z,\"{\"\"contact\"\":\"\"C, \\\"\"one\\\"\"\"\"}\"\r\n");
}

TEST_F(ExportTest, ActionsAsCsvAndJsonLines) {
  std::ostringstream csv;
  ExportOptions o;
  o.what = ExportWhat::kActions;
  o.format = ExportFormat::kCsv;
  auto n = export_records(*store_, o, csv);
  ASSERT_TRUE(n.is_ok());
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(csv.str(),
            "event_seq,index,time,type,payload\r\n"
            "1,0,2026-11-02T09:00:00Z,offer_work,\"{\"\"agent\"\":\"\"A1\"\"}\"\r\n"
            "3,0,2026-11-02T11:00:00Z,recall_agent,\"{\"\"agent\"\":\"\"A2\"\"}\"\r\n");
  std::ostringstream jsonl;
  o.format = ExportFormat::kJsonLines;
  o.from = at(1793617200);
  n = export_records(*store_, o, jsonl);
  ASSERT_TRUE(n.is_ok());
  EXPECT_EQ(
      jsonl.str(),
      R"({"event_seq":3,"index":0,"time":"2026-11-02T11:00:00Z","type":"recall_agent","payload":{"agent":"A2"}})"
      "\n");
}

TEST(CsvField, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field(""), "");
}

}  // namespace
}  // namespace tandem::store
