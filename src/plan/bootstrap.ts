/**
 * The first-boot script of a Docker Compose server, the same on every cloud but for how Docker is
 * installed: Docker, the data disk on /data (Docker's data lives there), the compose file, `up -d`.
 */
export type ServerOs = "al2023" | "ubuntu";

/** The Compose v2 plugin is not packaged for AL2023; this release is installed from Docker's GitHub releases. */
const COMPOSE_VERSION = "v2.39.4";

const INSTALL_DOCKER: Record<ServerOs, readonly string[]> = {
  al2023: [
    "dnf install -y docker",
    "mkdir -p /usr/local/lib/docker/cli-plugins",
    `curl -fsSL -o /usr/local/lib/docker/cli-plugins/docker-compose https://github.com/docker/compose/releases/download/${COMPOSE_VERSION}/docker-compose-linux-x86_64`,
    "chmod 0755 /usr/local/lib/docker/cli-plugins/docker-compose",
  ],
  ubuntu: ["export DEBIAN_FRONTEND=noninteractive", "apt-get update", "apt-get install -y docker.io docker-compose-v2"],
};

export interface BootstrapInput {
  readonly os: ServerOs;
  /** Block device of the data disk as the OS sees it (e.g. /dev/sdf, /dev/disk/by-id/google-data). */
  readonly dataDevice: string;
  /** The compose file (may hold tokens resolved at synth). */
  readonly compose: string;
  /** Lines run before the app starts (PgBouncer's configuration and credentials). */
  readonly prepare?: readonly string[];
}

export function bootstrapScript({ os, dataDevice, compose, prepare = [] }: BootstrapInput): string {
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    ...INSTALL_DOCKER[os],
    "# Data disk: formatted once, mounted on /data, holds Docker's data.",
    `while [ ! -e ${dataDevice} ]; do sleep 1; done`,
    `blkid ${dataDevice} || mkfs.ext4 -q ${dataDevice}`,
    `mkdir -p /data && grep -q ' /data ' /etc/fstab || echo '${dataDevice} /data ext4 defaults,nofail 0 2' >> /etc/fstab`,
    "mount -a",
    "mkdir -p /data/docker /etc/docker /opt/app",
    `echo '{"data-root": "/data/docker", "log-driver": "journald"}' > /etc/docker/daemon.json`,
    "systemctl enable docker",
    "systemctl restart docker",
    "cat > /opt/app/compose.yaml <<'COMPOSE'",
    compose.trimEnd(),
    "COMPOSE",
    ...prepare,
    "docker compose -f /opt/app/compose.yaml up -d",
    "",
  ].join("\n");
}
