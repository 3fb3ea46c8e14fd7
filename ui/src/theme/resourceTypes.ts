// The colour of each resource type (what flows on an edge), defined in theme.css.

/** The CSS colour of the resource type `type`; a type without its own colour gets the neutral one. */
export function resourceTypeColor(type: string | undefined): string {
  return `var(--type-${type ?? "file"}, var(--type-other))`;
}
