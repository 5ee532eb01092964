// Moving an opportunity through its pipeline: PUT /opportunities/{id}.
import { ValidationError, unwrap } from "@crmkit/core";
import { invalidResponse, requireText } from "@crmkit/core/scheduling";
import type { LeadConnectorClient, components } from "../index.js";

type Schemas = components["schemas"];

export type OpportunityStatus = Exclude<Schemas["OpportunityStatus"], "all">;
export interface MoveOpportunityInput {
  id: string;
  /** Stage to move to. */
  pipelineStageId?: string;
  /** Needed when the stage belongs to another pipeline. */
  pipelineId?: string;
  status?: OpportunityStatus;
}
export type Opportunity = Schemas["SearchOpportunitiesResponseSchema"];

const opportunityStatuses: readonly string[] = ["open", "won", "lost", "abandoned"];

export async function moveOpportunity(client: LeadConnectorClient, input: MoveOpportunityInput, signal?: AbortSignal): Promise<Opportunity> {
  if (typeof input !== "object" || input === null) throw new ValidationError("input", "must be an object with id and pipelineStageId and/or status");
  const id = requireText(input.id, "id", "a HighLevel opportunity id");
  const body: Schemas["UpdateOpportunityDto"] = {};
  if (input.pipelineId !== undefined) body.pipelineId = requireText(input.pipelineId, "pipelineId");
  if (input.pipelineStageId !== undefined) body.pipelineStageId = requireText(input.pipelineStageId, "pipelineStageId");
  if (input.status !== undefined) {
    if (!opportunityStatuses.includes(input.status)) {
      throw new ValidationError("status", `must be one of ${opportunityStatuses.join(", ")}`, `Invalid status: "${String(input.status)}"; expected one of ${opportunityStatuses.join(", ")}`);
    }
    body.status = input.status;
  }
  if (body.pipelineStageId === undefined && body.status === undefined) {
    throw new ValidationError("pipelineStageId", "or status is required", "Invalid pipelineStageId: give pipelineStageId and/or status to move an opportunity");
  }
  const data = await unwrap(client.PUT("/opportunities/{id}", { params: { path: { id } }, body, signal }));
  if (!data.opportunity) throw invalidResponse("leadconnector", "update-opportunity", `HighLevel returned no opportunity for ${id}`, data);
  return data.opportunity;
}
