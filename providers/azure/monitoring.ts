import type { Construct } from "constructs";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import type { RenderContext } from "../../src/core/contracts";
import { TerraformStack } from "../../src/core/tf";
import { MIN_WORKSPACE_RETENTION, azName, placed } from "./common";

const WORKSPACE_ID = "audit-logs";

/** The stack's audit workspace (created on first use), with the topology's log retention. */
function auditWorkspace(scope: Construct, ctx: RenderContext): LogAnalyticsWorkspace {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(WORKSPACE_ID);
  if (existing instanceof LogAnalyticsWorkspace) return existing;
  return new LogAnalyticsWorkspace(stack, WORKSPACE_ID, {
    ...placed(ctx),
    name: azName(ctx, "audit"),
    sku: "PerGB2018",
    retentionInDays: Math.max(MIN_WORKSPACE_RETENTION, ctx.logRetentionDays),
  });
}

/**
 * Sends a resource's audit and service logs (every category, via the allLogs group) and its metrics to the
 * stack's audit workspace, when the topology asks for audit logs.
 */
export function auditLogs(scope: Construct, id: string, ctx: RenderContext, resourceId: string): MonitorDiagnosticSetting | undefined {
  if (!ctx.compliance?.auditLogs) return undefined;
  return new MonitorDiagnosticSetting(scope, id, {
    name: "tierform-audit",
    targetResourceId: resourceId,
    logAnalyticsWorkspaceId: auditWorkspace(scope, ctx).id,
    enabledLog: [{ categoryGroup: "allLogs" }],
    enabledMetric: [{ category: "AllMetrics" }],
  });
}
