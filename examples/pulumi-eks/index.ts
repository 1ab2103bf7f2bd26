/**
 * EKS with Calico CNI and eBPF, installed by Pulumi into a cluster that another stack created
 * (e.g. with @pulumi/eks or @pulumi/aws), which exports `kubeconfig` and `endpoint`.
 *
 *   pulumi stack init dev
 *   pulumi config set eksStack acme/eks-cluster/dev     # the stack that created the cluster
 *   kubectl delete daemonset -n kube-system aws-node     # once, before the first `pulumi up`: the
 *                                                        # Installation says cni.type Calico, but both
 *                                                        # CNIs would set up pod networking on the nodes
 *   pulumi up
 *
 * The API endpoint is the cluster's DNS name on port 443 (the eks preset's port): the library
 * renders the kubernetes-services-endpoint ConfigMap from it and gives the operator, and so
 * calico-node, the node's resolver (chart dnsPolicy: Default), because cluster DNS needs the pod
 * network Calico is about to create. kube-proxy (the EKS add-on) keeps running: kubeProxy coexist.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { CalicoEbpfDataplane } from '../../lib/pulumi';

const config = new pulumi.Config();
const cluster = new pulumi.StackReference(config.require('eksStack'));
const provider = new k8s.Provider('eks', { kubeconfig: cluster.requireOutput('kubeconfig') as pulumi.Output<string> });
// `endpoint` is a URL (https://ABCD1234.gr7.eu-west-1.eks.amazonaws.com); the ConfigMap wants the host.
const endpoint = cluster.requireOutput('endpoint') as pulumi.Output<string>;

const calico = new CalicoEbpfDataplane(
  'calico',
  {
    distribution: 'eks',
    apiServer: { host: endpoint.apply((url) => new URL(url).hostname) },
    kubeProxy: 'coexist',
    serviceMesh: 'istio',
    felix: { scale: { profile: 'medium', nodes: 50 } },
    // A pinned Calico release and a chart mirror, from the stack config when set.
    ...(config.get('calicoVersion') ? { calicoVersion: config.require('calicoVersion') } : {}),
    ...(config.get('helmRepository') ? { helmRepository: config.require('helmRepository') } : {}),
    // Bottlerocket node groups: flexVolumePath: '/var/lib/kubelet/plugins',
  },
  { providers: { kubernetes: provider } },
);

export const installation = calico.installationName;
export const warnings = calico.config.warnings;
