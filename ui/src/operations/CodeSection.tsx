import { CodeEditor, type LineNote, languageOfKind } from "../components/CodeEditor";
import { ArtifactPanel } from "./ArtifactPanel";
import { newKey } from "./form";
import { GraphSummary } from "./GraphSummary";
import { Section } from "./Section";
import { templateNames } from "./templateNames";
import type { SectionProps } from "./types";

const TITLES: Record<string, string> = {
  bash_jinja2: "Command template",
  python: "Python code",
  composite: "Graph",
  file: "File",
};

/** What the operation does: its code for executable kinds, the graph of a composite, the
 * stored file of a `file` operation. `notes` are the server's warnings on lines of the code. */
export function CodeSection({ form, onChange, readOnly, problems, notes }: SectionProps & { notes?: LineNote[] }) {
  const title = TITLES[form.kind] ?? "Code";
  if (form.kind === "composite") {
    return (
      <Section title={title} problems={problems}>
        <GraphSummary graph={form.graph} />
      </Section>
    );
  }
  if (form.kind === "file") {
    const out = form.outputs.find((row) => row.name === "out");
    return (
      <Section title={title} problems={problems}>
        <ArtifactPanel
          digest={form.artifact}
          filename={form.name}
          outputType={out?.type ?? "file"}
          editable={!readOnly}
          onUploaded={(upload) =>
            onChange({
              artifact: upload.digest,
              outputs: [{ key: out?.key ?? newKey(), name: "out", type: upload.type }],
              inputs: [],
              name: form.name || upload.filename,
            })
          }
        />
      </Section>
    );
  }
  const names = templateNames(form);
  const language = languageOfKind(form.kind);
  return (
    <Section
      title={title}
      hint={language === "bash" ? "Jinja2; parameter values are shell-quoted" : undefined}
      problems={problems}
    >
      <CodeEditor
        value={form.code}
        onChange={readOnly ? undefined : (code) => onChange({ code })}
        language={language}
        readOnly={readOnly}
        label="Code"
        minHeight="160px"
        maxHeight="480px"
        notes={notes}
      />
      {names.length > 0 && (
        <p className="op-names">
          <span className="muted">Refer to:</span>
          {names.map((name) => (
            <code key={name}>{name}</code>
          ))}
        </p>
      )}
    </Section>
  );
}
