// SPDX-License-Identifier: Apache-2.0
#include "server/openapi.h"

#include <nlohmann/json.hpp>

#include "server/routes.h"

namespace tandem::server {
namespace {

using nlohmann::json;

// The bodies' schemas. The read endpoints' bodies are the live host's (live_backend.cpp): the
// shapes are spelled out here so that clients (web/) generate their types from this document.
constexpr const char* kSchemas = R"json({
  "Error": {
    "type": "object", "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message", "details"],
      "properties": {
        "code": {"type": "string", "enum": ["invalid_argument", "unauthenticated", "forbidden",
          "not_found", "method_not_allowed", "request_timeout", "conflict", "payload_too_large",
          "unsupported_media_type", "rate_limited", "unavailable", "internal"]},
        "message": {"type": "string"},
        "details": {"type": "array", "items": {"type": "object", "required": ["field", "rule"],
          "properties": {"field": {"type": "string"}, "rule": {"type": "string"},
            "line": {"type": "integer", "description": "PUT /api/v1/scenario: 1-based, 0 unknown"},
            "column": {"type": "integer", "description": "PUT /api/v1/scenario: 1-based, 0 unknown"}}}}}}}
  },
  "Event": {
    "type": "object", "required": ["type", "time"],
    "description": "An engine event in the wire format of docs/events.md: its snake_case type, an RFC 3339 time and its fields by their engine names.",
    "properties": {
      "type": {"type": "string", "enum": ["contact_arrived", "contact_abandoned", "contact_ended",
        "work_item_created", "step_started", "step_done", "step_failed", "work_paused",
        "work_resumed", "pending_customer", "customer_responded", "item_cancelled",
        "self_service_progress", "agent_logged_in", "agent_logged_out", "agent_state_changed",
        "schedule_activity_started", "offer_accepted", "offer_rejected", "offer_timed_out",
        "forecast_updated", "capacity_planned", "clock_tick"]},
      "time": {"type": "string", "format": "date-time"},
      "v": {"type": "integer", "const": 1},
      "idempotency_key": {"type": "string", "minLength": 1, "maxLength": 200}
    },
    "additionalProperties": true
  },
  "EventBatch": {"oneOf": [{"$ref": "#/components/schemas/Event"},
    {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Event"}}]},
  "SubmitResult": {
    "type": "object", "required": ["seq", "status"],
    "properties": {"seq": {"type": "integer"},
      "status": {"type": "string", "enum": ["applied", "duplicate", "rejected"]},
      "reason": {"type": "string"}}
  },
  "SubmitResponse": {"type": "object", "required": ["results"],
    "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/SubmitResult"}}}},
  "AgentStateRequest": {
    "type": "object", "required": ["state"], "additionalProperties": false,
    "properties": {"state": {"type": "string",
      "enum": ["available", "not_ready", "break", "lunch", "meeting", "training"]},
      "reason": {"type": "string"}}
  },
  "Task": {"type": "object",
    "required": ["id", "step", "queue", "place", "agent", "progress_seconds"],
    "properties": {"id": {"type": "string"}, "step": {"type": "string"},
      "queue": {"type": "string"}, "place": {"type": "string"},
      "agent": {"type": ["string", "null"]}, "progress_seconds": {"type": "integer"},
      "exception": {"type": "boolean"}, "quality_check": {"type": "boolean"}}},
  "Eta": {"type": "object",
    "required": ["completion", "queue_wait_seconds", "remaining_work_seconds", "position",
      "capacity_agents", "within_due", "basis"],
    "properties": {"completion": {"type": "string", "format": "date-time"},
      "queue_wait_seconds": {"type": "integer"}, "remaining_work_seconds": {"type": "integer"},
      "position": {"type": "integer"}, "capacity_agents": {"type": "number"},
      "within_due": {"type": "boolean"}, "basis": {"type": "string"}}},
  "Explanation": {"type": "object", "required": ["reason", "text"],
    "properties": {"reason": {"type": "string"}, "text": {"type": "string"},
      "skilled_logged_in": {"type": "integer"}, "skilled_idle": {"type": "integer"},
      "ahead_in_queue": {"type": "integer"}}},
  "HistoryEntry": {"type": "object", "required": ["time", "kind"],
    "properties": {"time": {"type": "string", "format": "date-time"},
      "kind": {"type": "string"}, "task": {"type": "string"}, "agent": {"type": "string"}}},
  "Item": {"type": "object", "required": ["id", "kind", "place"], "additionalProperties": true,
    "description": "a work item (kind work_item) or a contact (kind contact)",
    "properties": {"id": {"type": "string"}, "kind": {"type": "string",
        "enum": ["work_item", "contact"]},
      "customer": {"type": "string"}, "process": {"type": "string"},
      "place": {"type": "string"}, "priority": {"type": "integer"},
      "received": {"type": "string", "format": "date-time"},
      "due": {"type": "string", "format": "date-time"}, "overdue": {"type": "boolean"},
      "stage": {"type": "integer", "description": "current step, from 1"},
      "stage_count": {"type": "integer"},
      "tasks": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}},
      "eta": {"oneOf": [{"$ref": "#/components/schemas/Eta"}, {"type": "null"}]},
      "explain": {"oneOf": [{"$ref": "#/components/schemas/Explanation"}, {"type": "null"}]},
      "history": {"type": "array", "items": {"$ref": "#/components/schemas/HistoryEntry"}},
      "queue": {"type": "string", "description": "a contact's queue"},
      "arrived": {"type": "string", "format": "date-time", "description": "a contact's arrival"},
      "agent": {"type": ["string", "null"], "description": "a contact's agent"}}},
  "ItemPage": {"type": "object", "required": ["items", "next_cursor"],
    "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
      "next_cursor": {"type": ["string", "null"]}}},
  "JourneyStep": {"type": "object", "required": ["time", "kind", "ref", "detail"],
    "properties": {"time": {"type": "string", "format": "date-time"},
      "kind": {"type": "string"}, "ref": {"type": "string"}, "detail": {"type": "string"}}},
  "Journey": {"type": "object", "required": ["customer", "steps"],
    "properties": {"customer": {"type": "string"},
      "steps": {"type": "array", "items": {"$ref": "#/components/schemas/JourneyStep"}}}},
  "QueueDay": {"type": "object",
    "required": ["arrived", "answered", "abandoned", "service_level", "abandon_rate"],
    "properties": {"arrived": {"type": "integer"}, "answered": {"type": "integer"},
      "abandoned": {"type": "integer"},
      "service_level": {"type": ["number", "null"], "description": "share in [0, 1]"},
      "abandon_rate": {"type": ["number", "null"], "description": "share in [0, 1]"}}},
  "QueueRecent": {"type": "object", "required": ["answered", "service_level"],
    "properties": {"answered": {"type": "integer"},
      "service_level": {"type": ["number", "null"], "description": "share in [0, 1]"}}},
  "Queue": {"type": "object",
    "required": ["id", "name", "channel", "skill", "real_time", "waiting", "longest_wait_seconds"],
    "additionalProperties": true,
    "properties": {"id": {"type": "string"}, "name": {"type": "string"},
      "channel": {"type": "string"}, "skill": {"type": "string"},
      "real_time": {"type": "boolean"}, "waiting": {"type": "integer"},
      "longest_wait_seconds": {"type": "integer"},
      "arrivals_per_hour": {"type": "number", "description": "real-time queues"},
      "phone_need": {"type": "number", "description": "agents the staffing module asks for"},
      "phone_agents": {"type": "integer"},
      "answer_target_seconds": {"type": "number"},
      "service_level_target": {"type": "number",
        "description": "the SLA's share to answer within answer_target_seconds, in [0, 1]"},
      "today": {"$ref": "#/components/schemas/QueueDay"},
      "last_15_minutes": {"$ref": "#/components/schemas/QueueRecent"}}},
  "QueueList": {"type": "object", "required": ["queues"], "properties": {"queues": {"type": "array",
    "items": {"$ref": "#/components/schemas/Queue"}}}},
  "WorkRef": {"type": "object", "required": ["kind", "id"],
    "properties": {"kind": {"type": "string", "enum": ["contact", "task"]},
      "id": {"type": "string"}}},
  "SkillLevel": {"type": "object", "required": ["skill", "proficiency"],
    "properties": {"skill": {"type": "string"}, "proficiency": {"type": "number"}}},
  "Agent": {"type": "object", "required": ["id", "name", "team", "kind", "skills", "logged_in"],
    "additionalProperties": true,
    "properties": {"id": {"type": "string"}, "name": {"type": "string"},
      "team": {"type": "string"}, "kind": {"type": "string"},
      "skills": {"type": "array", "items": {"$ref": "#/components/schemas/SkillLevel"}},
      "logged_in": {"type": "boolean"},
      "state": {"type": "string", "description": "while logged in"},
      "mode": {"type": "string", "enum": ["phones", "back_office"]},
      "activity": {"type": "string"},
      "activity_until": {"type": ["string", "null"], "format": "date-time"},
      "load": {"type": "number"}, "idle_since": {"type": "string", "format": "date-time"},
      "offered": {"type": "array", "items": {"$ref": "#/components/schemas/WorkRef"}},
      "assigned": {"type": "array", "items": {"$ref": "#/components/schemas/WorkRef"}}}},
  "AgentList": {"type": "object", "required": ["agents"], "properties": {"agents": {"type": "array",
    "items": {"$ref": "#/components/schemas/Agent"}}}},
  "StreamRecord": {"type": "object", "required": ["seq", "status", "event", "actions"],
    "description": "the data of one `event: record` on GET /api/v1/stream",
    "properties": {"seq": {"type": "integer"},
      "status": {"type": "string", "enum": ["applied", "rejected"]},
      "reason": {"type": "string"}, "event": {"$ref": "#/components/schemas/Event"},
      "actions": {"type": "array", "items": {"type": "object", "required": ["type", "time"],
        "additionalProperties": true}}}},
  "Report": {"type": "object", "required": ["kind", "from", "to", "columns", "rows"],
    "description": "one table of management information (docs/mi.md); a ratio over nothing is null",
    "properties": {"kind": {"type": "string"},
      "from": {"type": "string", "format": "date-time"},
      "to": {"type": "string", "format": "date-time"},
      "columns": {"type": "array", "items": {"type": "string"}},
      "rows": {"type": "array", "items": {"type": "object",
        "additionalProperties": {"type": ["string", "number", "null"]}}}}},
  "Health": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}},
  "OpenApiDocument": {"type": "object", "additionalProperties": true}
})json";

// The planning and scenario routes' schemas (planning_api.cpp, planning_json.cpp).
constexpr const char* kPlanningSchemas = R"json({
  "SimulationRequest": {"type": "object", "additionalProperties": false,
    "properties": {
      "days": {"type": "integer", "minimum": 1, "maximum": 28, "default": 1},
      "replications": {"type": "integer", "minimum": 1, "maximum": 20, "default": 2},
      "seed": {"type": "integer", "minimum": 0, "default": 1},
      "policies": {"type": "array", "maxItems": 8, "items": {"type": "string", "minLength": 1},
        "description": "policy ids compared on common random numbers; empty: the scenario's first"},
      "staff_scale": {"type": "number", "exclusiveMinimum": 0, "maximum": 2, "default": 1},
      "shrinkage": {"type": "number", "minimum": 0, "maximum": 1, "default": 0}}},
  "PlanRequest": {"type": "object", "additionalProperties": false,
    "properties": {
      "start": {"type": "string", "format": "date",
        "description": "a Monday; default: the Monday after the scenario's history"},
      "weeks": {"type": "integer", "minimum": 1, "maximum": 4, "default": 1},
      "time_limit_seconds": {"type": "number", "minimum": 1, "maximum": 300, "default": 30}}},
  "JobAccepted": {"type": "object", "required": ["id", "status", "href"],
    "properties": {"id": {"type": "string"}, "status": {"$ref": "#/components/schemas/JobStatus"},
      "href": {"type": "string"}}},
  "JobStatus": {"type": "string", "enum": ["queued", "running", "done", "failed", "cancelled"]},
  "JobProgress": {"type": "object", "required": ["done", "total", "label"],
    "properties": {"done": {"type": "integer"},
      "total": {"type": "integer", "description": "0 while not known"},
      "label": {"type": "string"}}},
  "JobError": {"type": "object", "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}}},
  "Estimate": {"type": "object", "required": ["mean", "low", "high"],
    "description": "mean over the replications with its 95% interval; null where undefined",
    "properties": {"mean": {"type": ["number", "null"]}, "low": {"type": ["number", "null"]},
      "high": {"type": ["number", "null"]}}},
  "SlaResult": {"type": "object",
    "required": ["scope", "sla", "kpi", "target", "at_most", "met", "mean", "low", "high"],
    "properties": {"scope": {"type": "string"}, "sla": {"type": "string"},
      "kpi": {"type": "string"}, "target": {"type": "number"}, "at_most": {"type": "boolean"},
      "met": {"type": "boolean"}, "mean": {"type": ["number", "null"]},
      "low": {"type": ["number", "null"]}, "high": {"type": ["number", "null"]}}},
  "PolicyResult": {"type": "object",
    "required": ["policy", "replications", "interrupted", "staff_hours", "cost", "occupancy",
      "kpis", "sla"],
    "properties": {"policy": {"type": "string"}, "replications": {"type": "integer"},
      "interrupted": {"type": "boolean"},
      "staff_hours": {"$ref": "#/components/schemas/Estimate"},
      "cost": {"$ref": "#/components/schemas/Estimate"},
      "occupancy": {"$ref": "#/components/schemas/Estimate"},
      "kpis": {"type": "object",
        "description": "per scope (queue, work type, process, workforce) the run's KPI totals: service_level, abandon_rate, offered, completed_within_sla, staff_hours, cost, ...",
        "additionalProperties": {"type": "object",
          "additionalProperties": {"$ref": "#/components/schemas/Estimate"}}},
      "sla": {"type": "array", "items": {"$ref": "#/components/schemas/SlaResult"}}}},
  "SimulationResult": {"type": "object",
    "required": ["scenario", "days", "replications", "seed", "staff_scale", "shrinkage",
      "interrupted", "warnings", "policies"],
    "properties": {"scenario": {"type": "string"}, "days": {"type": "integer"},
      "replications": {"type": "integer"}, "seed": {"type": "integer"},
      "staff_scale": {"type": "number"}, "shrinkage": {"type": "number"},
      "interrupted": {"type": "boolean"},
      "warnings": {"type": "array", "items": {"type": "string"}},
      "policies": {"type": "array", "items": {"$ref": "#/components/schemas/PolicyResult"}}}},
  "SimulationJob": {"type": "object", "required": ["id", "kind", "status", "href", "progress"],
    "properties": {"id": {"type": "string"}, "kind": {"type": "string", "const": "simulation"},
      "status": {"$ref": "#/components/schemas/JobStatus"}, "href": {"type": "string"},
      "progress": {"$ref": "#/components/schemas/JobProgress"},
      "error": {"$ref": "#/components/schemas/JobError"},
      "result": {"$ref": "#/components/schemas/SimulationResult"}}},
  "ForecastInterval": {"type": "object", "required": ["start", "volume", "aht_seconds"],
    "properties": {"start": {"type": "string", "description": "local time YYYY-MM-DDTHH:MM"},
      "volume": {"type": "number"}, "aht_seconds": {"type": ["number", "null"]}}},
  "StaffingInterval": {"type": "object",
    "required": ["start", "volume", "aht_seconds", "required_agents", "scheduled_agents"],
    "properties": {"start": {"type": "string"}, "volume": {"type": "number"},
      "aht_seconds": {"type": "number"}, "required_agents": {"type": "integer"},
      "scheduled_agents": {"type": "integer", "description": "required after shrinkage"},
      "service_level": {"type": ["number", "null"]}, "occupancy": {"type": ["number", "null"]}}},
  "BackOfficeInterval": {"type": "object",
    "required": ["start", "volume", "aht_seconds", "arriving_hours", "due_hours"],
    "properties": {"start": {"type": "string"}, "volume": {"type": "number"},
      "aht_seconds": {"type": "number"}, "arriving_hours": {"type": "number"},
      "due_hours": {"type": "number"}}},
  "Activity": {"type": "object", "required": ["kind", "target", "start", "end"],
    "properties": {"kind": {"type": "string"}, "target": {"type": "string"},
      "start": {"type": "string"}, "end": {"type": "string"}}},
  "Shift": {"type": "object", "required": ["date", "template", "start", "end", "paid_hours", "activities"],
    "properties": {"date": {"type": "string", "format": "date"}, "template": {"type": "string"},
      "start": {"type": "string"}, "end": {"type": "string"}, "paid_hours": {"type": "number"},
      "activities": {"type": "array", "items": {"$ref": "#/components/schemas/Activity"}}}},
  "PlanResult": {"type": "object",
    "required": ["scenario", "week", "days", "forecast", "staffing", "schedule", "totals"],
    "properties": {"scenario": {"type": "string"},
      "week": {"type": "string", "format": "date", "description": "the first day (a Monday)"},
      "days": {"type": "integer"},
      "forecast": {"type": "object", "required": ["first_day", "days", "queues"],
        "properties": {"first_day": {"type": "string"}, "days": {"type": "integer"},
          "queues": {"type": "array", "items": {"type": "object", "required": ["queue", "intervals"],
            "properties": {"queue": {"type": "string"}, "intervals": {"type": "array",
              "items": {"$ref": "#/components/schemas/ForecastInterval"}}}}}}},
      "staffing": {"type": "object",
        "required": ["interval_minutes", "first_day", "last_day", "front_office", "back_office", "notes"],
        "properties": {"interval_minutes": {"type": "integer"}, "first_day": {"type": "string"},
          "last_day": {"type": "string"},
          "front_office": {"type": "array", "items": {"type": "object",
            "required": ["queue", "site", "intervals"],
            "properties": {"queue": {"type": "string"}, "site": {"type": "string"},
              "intervals": {"type": "array", "items": {"$ref": "#/components/schemas/StaffingInterval"}}}}},
          "back_office": {"type": "array", "items": {"type": "object",
            "required": ["queue", "site", "min_level_agents", "scheduled_level_agents", "intervals"],
            "properties": {"queue": {"type": "string"}, "site": {"type": "string"},
              "min_level_agents": {"type": "number"}, "scheduled_level_agents": {"type": "integer"},
              "unavoidably_late_hours": {"type": "number"}, "beyond_horizon_hours": {"type": "number"},
              "intervals": {"type": "array", "items": {"$ref": "#/components/schemas/BackOfficeInterval"},
                "description": "intervals with work only"}}}},
          "notes": {"type": "array", "items": {"type": "string"}}}},
      "schedule": {"type": "object",
        "required": ["outcome", "objective", "cost", "penalty", "unmet_agent_hours", "start_date",
          "days", "interval_minutes", "agents", "coverage", "unmet", "explanations"],
        "properties": {"outcome": {"type": "string"}, "objective": {"type": "number"},
          "cost": {"type": "number"}, "penalty": {"type": "number"}, "bound": {"type": "number"},
          "gap": {"type": "number"}, "unmet_agent_hours": {"type": "number"},
          "back_office_late_hour_hours": {"type": "number"},
          "start_date": {"type": "string"}, "days": {"type": "integer"},
          "interval_minutes": {"type": "integer"},
          "agents": {"type": "array", "items": {"type": "object", "required": ["id", "name", "shifts"],
            "properties": {"id": {"type": "string"}, "name": {"type": "string"},
              "shifts": {"type": "array", "items": {"$ref": "#/components/schemas/Shift"}}}}},
          "coverage": {"type": "array", "items": {"type": "object",
            "required": ["group", "required", "scheduled", "expected_service_level"],
            "properties": {"group": {"type": "string"},
              "required": {"type": "array", "items": {"type": "number"}},
              "scheduled": {"type": "array", "items": {"type": "number"}},
              "expected_service_level": {"type": "array", "items": {"type": ["number", "null"]}}}}},
          "unmet": {"type": "array", "items": {"type": "object", "additionalProperties": true}},
          "explanations": {"type": "array", "items": {"type": "string"}}}},
      "totals": {"type": "object", "required": ["front_office", "cover", "rostered_people", "shifts"],
        "properties": {
          "front_office": {"type": "array", "items": {"type": "object",
            "required": ["queue", "volume", "work_hours", "peak_agents", "agent_hours", "scheduled_hours"],
            "properties": {"queue": {"type": "string"}, "volume": {"type": "number"},
              "work_hours": {"type": "number"}, "peak_agents": {"type": "integer"},
              "peak_at": {"type": ["string", "null"]}, "agent_hours": {"type": "number"},
              "scheduled_hours": {"type": "number"}}}},
          "cover": {"type": "array", "items": {"type": "object",
            "required": ["group", "required_agent_hours", "scheduled_agent_hours", "unmet_agent_hours"],
            "properties": {"group": {"type": "string"}, "required_agent_hours": {"type": "number"},
              "scheduled_agent_hours": {"type": "number"}, "unmet_agent_hours": {"type": "number"},
              "expected_service_level": {"type": ["number", "null"]}}}},
          "rostered_people": {"type": "integer"}, "shifts": {"type": "integer"}}}}},
  "PlanJob": {"type": "object", "required": ["id", "kind", "status", "href", "progress"],
    "properties": {"id": {"type": "string"}, "kind": {"type": "string", "const": "plan"},
      "status": {"$ref": "#/components/schemas/JobStatus"}, "href": {"type": "string"},
      "progress": {"$ref": "#/components/schemas/JobProgress"},
      "error": {"$ref": "#/components/schemas/JobError"},
      "result": {"$ref": "#/components/schemas/PlanResult"}}},
  "PublishResult": {"type": "object", "required": ["week", "job", "published"],
    "properties": {"week": {"type": "string", "format": "date"}, "job": {"type": "string"},
      "published": {"type": "string", "format": "date-time"}}},
  "PublishedPlan": {"type": "object", "required": ["week", "job", "published", "author", "plan"],
    "properties": {"week": {"type": "string", "format": "date"}, "job": {"type": "string"},
      "published": {"type": "string", "format": "date-time"}, "author": {"type": "string"},
      "plan": {"$ref": "#/components/schemas/PlanResult"}}},
  "ScenarioSummary": {"type": "object", "required": ["people", "robots", "blended", "by_skill"],
    "properties": {"people": {"type": "integer"}, "robots": {"type": "integer"},
      "blended": {"type": "integer"},
      "by_skill": {"type": "array", "items": {"type": "object", "required": ["skill", "people", "robots"],
        "properties": {"skill": {"type": "string"}, "people": {"type": "integer"},
          "robots": {"type": "integer"}}}}}},
  "ScenarioView": {"type": "object",
    "required": ["version", "name", "text", "summary", "latest_version"],
    "description": "the scenario the server runs; latest_version above version: a newer one, effective at the next start",
    "properties": {"version": {"type": "integer"}, "name": {"type": "string"},
      "text": {"type": "string"}, "author": {"type": "string"},
      "created": {"type": "string", "format": "date-time"},
      "summary": {"$ref": "#/components/schemas/ScenarioSummary"},
      "latest_version": {"type": "integer"}}},
  "ScenarioYaml": {"type": "string", "description": "a scenario document (docs/scenario.md)"},
  "ScenarioVersion": {"type": "object", "required": ["version"],
    "properties": {"version": {"type": "integer"}}}
})json";

const char* reason_of(int status) {
  switch (status) {
    case 400:
      return "Invalid input: the details name each field and rule";
    case 401:
      return "No valid token";
    case 403:
      return "The token's role may not do this";
    case 404:
      return "Unknown id";
    case 408:
      return "The request was not read in time";
    case 409:
      return "The engine rejected the event (state unchanged)";
    case 413:
      return "Body or batch too large";
    case 415:
      return "The body is not of the media type taken";
    case 422:
      return "The scenario is invalid: every problem in details, nothing stored";
    case 429:
      return "Rate limit of the token reached (see Retry-After)";
    case 503:
      return "Unavailable (not ready, stopping, or too many streams)";
    default:
      return "Error";
  }
}

json build() {
  json doc;
  doc["openapi"] = "3.1.0";
  doc["info"] = {{"title", "Tandem API"},
                 {"version", "1"},
                 {"description",
                  "Live workforce platform: events in, actions and state out. Every error is "
                  "{\"error\": {\"code\", \"message\", \"details\": [{\"field\", \"rule\"}]}}. "
                  "x-roles names the roles allowed on each operation; docs/api.md and "
                  "docs/server.md give the rules."},
                 {"license", {{"name", "Apache-2.0"}, {"identifier", "Apache-2.0"}}}};
  doc["servers"] = json::array({{{"url", "/"}}});
  doc["components"]["securitySchemes"]["bearer"] = {
      {"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "tdm_<id>_<secret>"}};
  doc["components"]["schemas"] = json::parse(kSchemas);
  doc["components"]["schemas"].update(json::parse(kPlanningSchemas));
  doc["components"]["responses"]["Error"] = {
      {"description", "An error"},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
  json paths = json::object();
  for (const RouteDef& r : routes()) {
    json op;
    op["operationId"] = [&] {
      std::string id;
      for (char c : r.name()) id += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
      return id;
    }();
    op["summary"] = r.summary;
    op["description"] = std::string("Access: ") + r.access + ".";
    json roles = json::array();
    for (Role role : kAllRoles)
      if (has_role(r.roles, role)) roles.push_back(to_string(role));
    op["x-roles"] = roles;
    op["security"] = r.roles == 0 ? json::array() : json::array({{{"bearer", json::array()}}});
    json params = json::array();
    for (const ParamDoc& p : r.params) {
      params.push_back({{"name", p.name},
                        {"in", p.in},
                        {"required", p.required},
                        {"description", p.description},
                        {"schema", {{"type", p.type}}}});
    }
    if (!params.empty()) op["parameters"] = params;
    if (r.request_schema) {
      const json schema = {{"$ref", std::string("#/components/schemas/") + r.request_schema}};
      json content = {{r.request_type, {{"schema", schema}}}};
      if (std::string(r.request_type) == "application/yaml")
        content["text/plain"] = {{"schema", schema}};
      op["requestBody"] = {{"required", true}, {"content", content}};
    }
    json ok = {{"description", "OK"}};
    if (r.response_schema) {
      ok["content"][r.response_type]["schema"] = {
          {"$ref", std::string("#/components/schemas/") + r.response_schema}};
    } else {
      ok["content"][r.response_type]["schema"] = {{"type", "string"}};
    }
    op["responses"][std::to_string(r.ok_status)] = ok;
    for (int status : r.errors) {
      op["responses"][std::to_string(status)] = {
          {"description", reason_of(status)},
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
    }
    std::string method = r.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    paths[r.openapi_path()][method] = op;
  }
  doc["paths"] = paths;
  return doc;
}

}  // namespace

const std::string& openapi_document() {
  static const std::string text = build().dump(2);
  return text;
}

}  // namespace tandem::server
