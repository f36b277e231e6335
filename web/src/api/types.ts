// SPDX-License-Identifier: Apache-2.0
// Names for the generated API types (schema.d.ts comes from openapi.json: `npm run api-types`).
import type { components } from './schema';

type S = components['schemas'];
export type Item = S['Item'];
export type Task = S['Task'];
export type Eta = S['Eta'];
export type Explanation = S['Explanation'];
export type HistoryEntry = S['HistoryEntry'];
export type ItemPage = S['ItemPage'];
export type Journey = S['Journey'];
export type JourneyStep = S['JourneyStep'];
export type Queue = S['Queue'];
export type QueueList = S['QueueList'];
export type Agent = S['Agent'];
export type AgentList = S['AgentList'];
export type WorkRef = S['WorkRef'];
export type AgentStateRequest = S['AgentStateRequest'];
export type SubmitResult = S['SubmitResult'];
export type ApiErrorBody = S['Error'];
export type StreamRecordBody = S['StreamRecord'];
export type SimulationRequest = S['SimulationRequest'];
export type SimulationJob = S['SimulationJob'];
export type SimulationResult = S['SimulationResult'];
export type PolicyResult = S['PolicyResult'];
export type Estimate = S['Estimate'];
export type JobAccepted = S['JobAccepted'];
export type JobProgress = S['JobProgress'];
