/**
 * A live cluster, through the official Kubernetes client for Node (@kubernetes/client-node), loaded
 * on first use so that importing the core stays free of it. Every failure becomes a `LiveError`
 * whose message is one line that says what to fix: the kubeconfig, the server address, or the
 * exact RBAC permission missing.
 */
import type * as K8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import type { KubeObject } from '../dataplane/kube';

/** Where the cluster is: the user's kubeconfig (KUBECONFIG, ~/.kube/config) unless given. */
export interface ClusterOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
}

export type LiveErrorKind = 'kubeconfig' | 'unreachable' | 'unauthorized' | 'forbidden' | 'not-found' | 'invalid' | 'other';

export class LiveError extends Error {
  public readonly kind: LiveErrorKind;
  public constructor(kind: LiveErrorKind, message: string) {
    super(message);
    this.kind = kind;
    this.name = 'LiveError';
  }
}

/** An object as the API server returns it. */
export type LiveObject = KubeObject & {
  metadata: KubeObject['metadata'] & { uid?: string; resourceVersion?: string; creationTimestamp?: string; managedFields?: unknown[] };
  status?: Record<string, unknown>;
  [key: string]: unknown;
};

type Client = typeof K8s;
let client: Promise<Client> | undefined;
const load = (): Promise<Client> => (client ??= import('@kubernetes/client-node'));

/** The one-line reason of a client error: the RBAC permission for a 403, the fix for the rest. */
export function describeApiError(e: unknown, doing: string): LiveError {
  const err = e as { code?: number; body?: unknown; message?: string; cause?: { code?: string } };
  let status: { message?: string; reason?: string } = {};
  try {
    status = typeof err.body === 'string' ? (JSON.parse(err.body) as typeof status) : ((err.body as typeof status) ?? {});
  } catch {
    // Not JSON: the message below says what happened.
  }
  const text = status.message ?? err.message ?? String(e);
  if (err.code === 403) {
    // "nodes is forbidden: User "x" cannot list resource "nodes" in API group "" at the cluster scope"
    const m = /User "([^"]*)" cannot (\w+) resource "([^"]+)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]+)"| at the cluster scope)?/.exec(
      text,
    );
    const what = m ? `${m[2]} ${m[3]}${m[4] ? ` (API group ${m[4]})` : ''}${m[5] ? ` in namespace ${m[5]}` : ' at cluster scope'}` : text;
    return new LiveError(
      'forbidden',
      `missing RBAC permission while ${doing}: ${m ? `${m[1]} may not ` : ''}${what}; grant it (--print-rbac prints the ClusterRole this command needs)`,
    );
  }
  if (err.code === 401)
    return new LiveError(
      'unauthorized',
      `the API server rejected the credentials while ${doing} (401): the kubeconfig's token or certificate is wrong or expired; refresh it`,
    );
  if (err.code === 404) return new LiveError('not-found', `${doing}: not found (${text})`);
  if (err.code === 422 || err.code === 400) return new LiveError('invalid', `the API server refused it while ${doing}: ${text}`);
  const net = err.cause?.code ?? /(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|ECONNRESET|CERT_|self[- ]signed)/.exec(text)?.[1];
  if (net)
    return new LiveError(
      'unreachable',
      `cannot reach the API server while ${doing} (${net}): check the server address in the kubeconfig and that the cluster is up`,
    );
  return new LiveError('other', `${doing} failed: ${text.split('\n')[0]}`);
}

/** The client calls a command uses, typed to what this library needs. */
export class LiveCluster {
  private constructor(
    private readonly k8s: Client,
    private readonly config: K8s.KubeConfig,
    private readonly objects: K8s.KubernetesObjectApi,
  ) {}

  /** Loads the kubeconfig (and context); a broken one is a LiveError naming the file. */
  public static async connect(opts: ClusterOptions = {}): Promise<LiveCluster> {
    const k8s = await load();
    const kc = new k8s.KubeConfig();
    try {
      if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
      else kc.loadFromDefault();
    } catch (e) {
      throw new LiveError(
        'kubeconfig',
        `cannot read the kubeconfig ${opts.kubeconfig ?? process.env.KUBECONFIG ?? '~/.kube/config'}: ${(e as Error).message.split('\n')[0]}`,
      );
    }
    if (opts.context) {
      if (!kc.getContexts().some((c) => c.name === opts.context))
        throw new LiveError(
          'kubeconfig',
          `the kubeconfig has no context ${JSON.stringify(opts.context)}; it has ${
            kc
              .getContexts()
              .map((c) => c.name)
              .join(', ') || 'none'
          }`,
        );
      kc.setCurrentContext(opts.context);
    }
    if (!kc.getCurrentCluster())
      throw new LiveError('kubeconfig', 'the kubeconfig names no cluster for its current context; pass --context or fix current-context');
    return new LiveCluster(k8s, kc, k8s.KubernetesObjectApi.makeApiClient(kc));
  }

  /** The API server address, for messages. */
  public get server(): string {
    return this.config.getCurrentCluster()?.server ?? '';
  }

  private async call<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw describeApiError(e, doing);
    }
  }

  /** The server's Kubernetes version (`/version` gitVersion). */
  public version(): Promise<string> {
    return this.call('reading the server version', async () => (await this.config.makeApiClient(this.k8s.VersionApi).getCode()).gitVersion);
  }

  /** One object, or undefined when it does not exist. */
  public async get(apiVersion: string, kind: string, name: string, namespace?: string): Promise<LiveObject | undefined> {
    try {
      return (await this.objects.read({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } })) as unknown as LiveObject;
    } catch (e) {
      const err = describeApiError(e, `reading ${kind} ${namespace ? `${namespace}/` : ''}${name}`);
      // A kind whose CRD is not installed reads as "not found" too.
      if (err.kind === 'not-found') return undefined;
      throw err;
    }
  }

  /** Every object of a kind (in a namespace, or cluster-wide); empty when the kind is not served. */
  public async list(apiVersion: string, kind: string, namespace?: string, labelSelector?: string): Promise<LiveObject[]> {
    try {
      const list = await this.objects.list(apiVersion, kind, namespace, undefined, undefined, undefined, undefined, labelSelector);
      return list.items as unknown as LiveObject[];
    } catch (e) {
      const err = describeApiError(e, `listing ${kind}${namespace ? ` in ${namespace}` : ''}`);
      if (err.kind === 'not-found') return [];
      throw err;
    }
  }

  /** Server-side apply with field manager `calico-ebpf` (forcing conflicts, as a GitOps tool does). */
  public apply(obj: KubeObject, opts: { dryRun?: boolean } = {}): Promise<LiveObject> {
    const name = `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
    return this.call(
      `applying ${name}`,
      async () =>
        (await this.objects.patch(
          obj as K8s.KubernetesObject,
          undefined,
          opts.dryRun ? 'All' : undefined,
          'calico-ebpf',
          true,
          this.k8s.PatchStrategy.ServerSideApply,
        )) as unknown as LiveObject,
    );
  }

  /** A merge patch (what `migrate --apply` uses for the Installation's dataplane switch). */
  public mergePatch(obj: KubeObject): Promise<LiveObject> {
    return this.call(
      `patching ${obj.kind} ${obj.metadata.name}`,
      async () =>
        (await this.objects.patch(
          obj as K8s.KubernetesObject,
          undefined,
          undefined,
          'calico-ebpf',
          undefined,
          this.k8s.PatchStrategy.MergePatch,
        )) as unknown as LiveObject,
    );
  }

  /** The last lines of a container's log. */
  public logs(namespace: string, pod: string, container: string, tailLines = 2000): Promise<string> {
    return this.call(`reading the log of ${namespace}/${pod} ${container}`, async () =>
      String(await this.config.makeApiClient(this.k8s.CoreV1Api).readNamespacedPodLog({ name: pod, namespace, container, tailLines })),
    );
  }

  /** Runs a command in a container (pods/exec) and returns what it printed; bounded by `timeoutMs`. */
  public exec(namespace: string, pod: string, container: string, command: readonly string[], timeoutMs = 30_000): Promise<string> {
    return this.call(`running ${command.join(' ')} in ${namespace}/${pod}`, async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Writable } = require('node:stream') as typeof import('node:stream');
      let out = '';
      const sink = new Writable({ write: (chunk: Buffer, _enc, done) => ((out += chunk.toString()), done()) });
      const exec = new this.k8s.Exec(this.config);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs);
        exec
          .exec(namespace, pod, container, [...command], sink, sink, null, false, () => {
            clearTimeout(timer);
            resolve();
          })
          .catch((e: unknown) => {
            clearTimeout(timer);
            reject(e as Error);
          });
      });
      return out;
    });
  }

  /** Whether the current user may do `verb` on `resource` (SelfSubjectAccessReview). */
  public async can(verb: string, resource: string, opts: { group?: string; namespace?: string; subresource?: string } = {}): Promise<boolean> {
    const review = await this.call(`checking whether it may ${verb} ${resource}`, () =>
      this.config.makeApiClient(this.k8s.AuthorizationV1Api).createSelfSubjectAccessReview({
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              verb,
              resource,
              group: opts.group ?? '',
              ...(opts.namespace ? { namespace: opts.namespace } : {}),
              ...(opts.subresource ? { subresource: opts.subresource } : {}),
            },
          },
        },
      }),
    );
    return review.status?.allowed === true;
  }
}
