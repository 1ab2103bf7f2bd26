/**
 * npm run cluster:up        build k3s once, start it (server only, loopback), print the exports
 * npm run cluster:operator  build and start the tigera-operator of the default Calico version
 * npm run cluster:down      stop what those two started (by pid) and remove their data
 * npm run cluster:build     only build (what CI does before the cluster tests, to time it): k3s, the
 *                           operator, and the engines the e2e scenarios drive (Pulumi CLI and
 *                           kubernetes provider, Flux's three controllers)
 *
 * The instance is `dev` (`.tools/run/dev/`); CLUSTER_INSTANCE picks another, CLUSTER_PORT the port.
 */
import { rmSync } from 'node:fs';
import { OPERATOR_PROGRAMS, k3sProgram } from './components';
import { FLUX_CONTROLLERS, pulumiKubernetesProgram, pulumiProgram } from './engine-components';
import { ensureBuilt } from './go-build';
import { instancePaths, readState } from './instance';
import { startK3s, stopK3s } from './k3s';
import { operatorVersionFor, runnableCalicoVersion, startOperator, stopOperator } from './operator';

const name = process.env.CLUSTER_INSTANCE ?? 'dev';

async function main(command: string | undefined): Promise<number> {
  const paths = instancePaths(name);
  switch (command) {
    case 'build': {
      const programs = [
        k3sProgram(),
        OPERATOR_PROGRAMS[operatorVersionFor(runnableCalicoVersion().calicoVersion)]!(),
        pulumiProgram(),
        pulumiKubernetesProgram(),
        ...Object.values(FLUX_CONTROLLERS).map((p) => p()),
      ];
      // One at a time: each build uses both cores.
      for (const program of programs) {
        const built = ensureBuilt(program);
        console.log(`${program.name}: ${built.path} (${built.buildSeconds ? `built in ${built.buildSeconds} s` : 'cached'})`);
      }
      return 0;
    }
    case 'up': {
      const port = process.env.CLUSTER_PORT ? Number(process.env.CLUSTER_PORT) : readState(name)?.port;
      const instance = await startK3s({ name }, port ? { port } : {});
      console.log(
        `${k3sProgram().describe} is running: https://127.0.0.1:${instance.port} (no agent: no kubelet, no pod ever runs), log ${paths.k3sLog}`,
      );
      console.log(`export KUBECONFIG=${paths.kubeconfig}`);
      console.log(`export K3S_MANIFESTS=${paths.manifests}`);
      return 0;
    }
    case 'operator': {
      if (readState(name)?.port === undefined) {
        console.error('no local cluster: run npm run cluster:up first');
        return 1;
      }
      const { calicoVersion, note } = runnableCalicoVersion();
      if (note) console.log(note);
      const op = await startOperator(name, { calicoVersion });
      console.log(
        `tigera-operator ${op.version} (Calico ${calicoVersion}) is running out of cluster, pid ${op.pid}, log ${op.log}; synth with calicoVersion ${calicoVersion} to match it`,
      );
      return 0;
    }
    case 'down': {
      const operator = await stopOperator(name);
      const k3s = await stopK3s(name);
      rmSync(paths.dir, { recursive: true, force: true });
      console.log(
        `stopped: ${[operator ? 'tigera-operator' : '', k3s ? 'k3s' : ''].filter(Boolean).join(', ') || 'nothing was running'}; removed ${paths.dir}`,
      );
      return 0;
    }
    default:
      console.error('usage: cli.ts build|up|operator|down');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`error: ${e.message}`);
    process.exit(1);
  },
);
