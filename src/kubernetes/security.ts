/**
 * The restricted container security context (Pod Security Standards "restricted"): no privilege escalation,
 * non-root, every capability dropped, the runtime's seccomp profile, a read-only root filesystem. Every container
 * tierform renders starts from it; workloads may opt out of the read-only root (`readOnlyRootFilesystem: false`).
 */
export const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  runAsNonRoot: true,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};
