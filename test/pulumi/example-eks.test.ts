/**
 * examples/pulumi-eks under Pulumi's mocks (no engine or AWS here): the endpoint Output from
 * another stack becomes the services-endpoint ConfigMap on port 443, and the operator gets the
 * node resolver because the host is the cluster's DNS name.
 */
import { registered, resetRegistrations, stackOutputs, valueOf } from '../support/pulumi-mocks';
import * as pulumi from '@pulumi/pulumi';

describe('examples/pulumi-eks', () => {
  beforeAll(() => {
    resetRegistrations();
    Object.assign(stackOutputs, { kubeconfig: 'apiVersion: v1\nkind: Config\n', endpoint: 'https://ABCD1234.gr7.eu-west-1.eks.amazonaws.com' });
    pulumi.runtime.setAllConfig({ 'project:eksStack': 'acme/eks-cluster/dev' });
  });

  it("renders the EKS preset from the other stack's outputs", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const example = require('../../examples/pulumi-eks') as { installation: pulumi.Output<string> };
    expect(await valueOf(example.installation)).toBe('default');
    // The ConfigMap waits for the other stack's output; give the mocks until it is registered.
    for (let i = 0; i < 100 && !registered.some((r) => r.name === 'calico-services-endpoint'); i++) await new Promise((r) => setTimeout(r, 20));
    const reg = (name: string) => registered.find((r) => r.name === name);
    expect(reg('calico-services-endpoint')!.inputs.data).toEqual({
      KUBERNETES_SERVICE_HOST: 'abcd1234.gr7.eu-west-1.eks.amazonaws.com' /* URL host names are lower case */,
      KUBERNETES_SERVICE_PORT: '443',
    });
    expect(reg('calico-operator')!.inputs.values).toMatchObject({ dnsPolicy: 'Default', installation: { enabled: false } });
    expect(reg('calico-installation')!.inputs.spec).toMatchObject({
      kubernetesProvider: 'EKS',
      cni: { type: 'Calico' },
      calicoNetwork: { bgp: 'Disabled', ipPools: [{ cidr: '172.16.0.0/16' }], kubeProxyManagement: 'Disabled' },
    });
    expect(reg('calico-installation')!.inputs.spec.calicoNetwork).not.toHaveProperty('bpfNetworkBootstrap');
  });
});
