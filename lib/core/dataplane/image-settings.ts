/** Where the Calico and operator images come from: registry, image path and pull secrets. */
import { checkListLength, checkString } from '../validation/checks';
import { ProblemCode, show, type Problems } from '../validation/errors';
import { isDnsSubdomain, trimSlashes, trimTrailingSlashes } from '../validation/names';
import type { CalicoEbpfDataplaneProps } from './dataplane-props';

export interface ResolvedImages {
  readonly registry?: string;
  readonly imagePath?: string;
  readonly imagePullSecrets: readonly string[];
}

/** Air gap: the registry (host and optional path, with the trailing slash the Installation API wants), image path and pull secrets. */
export function resolveImages(props: CalicoEbpfDataplaneProps, problems: Problems): ResolvedImages {
  const images: { registry?: string; imagePath?: string; imagePullSecrets: string[] } = { imagePullSecrets: [] };
  if (props.registry !== undefined && checkString(problems, 'registry', props.registry)) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(props.registry)) {
      problems.add(
        ProblemCode.INVALID_VALUE,
        'registry',
        `'registry' is a registry host (and optional path), not a URL; drop the scheme from ${show(props.registry)}`,
      );
    } else {
      // The Installation API requires one trailing slash; add it rather than fail. An empty path
      // segment ("host//path" or "host//") would give image references no registry accepts.
      const registry = trimTrailingSlashes(props.registry);
      if (registry === '' || registry.includes('//')) {
        problems.add(
          ProblemCode.INVALID_VALUE,
          'registry',
          `'registry' ${show(props.registry)} has an empty path segment; write it as host[/path], e.g. "registry.example.com/mirror"`,
        );
      } else {
        images.registry = `${registry}/`;
      }
    }
  }
  if (props.imagePath !== undefined && checkString(problems, 'imagePath', props.imagePath)) {
    images.imagePath = trimSlashes(props.imagePath);
  }
  if (props.imagePullSecrets !== undefined) {
    if (!Array.isArray(props.imagePullSecrets)) {
      problems.add(
        ProblemCode.INVALID_VALUE,
        'imagePullSecrets',
        `'imagePullSecrets' must be a list of Secret names, got ${show(props.imagePullSecrets)}`,
      );
    } else {
      if (checkListLength(problems, 'imagePullSecrets', props.imagePullSecrets, 64))
        props.imagePullSecrets.forEach((name, i) => {
          if (typeof name === 'string' && isDnsSubdomain(name)) images.imagePullSecrets.push(name);
          else problems.add(ProblemCode.INVALID_VALUE, `imagePullSecrets[${i}]`, `'imagePullSecrets[${i}]' must be a Secret name, got ${show(name)}`);
        });
    }
  }
  return images;
}
