import { python } from "@codemirror/lang-python";
import { StreamLanguage } from "@codemirror/language";
import { shell } from "@codemirror/legacy-modes/mode/shell";
import { type Diagnostic, lintGutter, setDiagnostics } from "@codemirror/lint";
import CodeMirror, { type EditorView, type Text } from "@uiw/react-codemirror";
import { useEffect, useMemo, useState } from "react";

import { useTheme } from "../theme/useTheme";

export type CodeLanguage = "bash" | "python" | "text";

/** The language of an operation kind's code. */
export function languageOfKind(kind: string): CodeLanguage {
  if (kind === "python") return "python";
  if (kind.startsWith("bash")) return "bash";
  return "text";
}

/** A remark on one line of the code, marked in the gutter and under the line. */
export interface LineNote {
  /** 1-based, as the server counts template lines. */
  line: number;
  message: string;
}

/** The notes as CodeMirror warnings, each over its whole line; lines no longer in `doc` are
 * left out. */
function diagnosticsOf(doc: Text, notes: LineNote[]): Diagnostic[] {
  return notes
    .filter((note) => note.line >= 1 && note.line <= doc.lines)
    .map((note) => {
      const line = doc.line(note.line);
      return { from: line.from, to: line.to, severity: "warning", message: note.message, source: "PLynx" };
    });
}

/** A syntax-highlighted code editor (CodeMirror 6) following the app's theme; `notes`, when
 * given, are shown as warnings on their lines. */
export function CodeEditor({
  value,
  onChange,
  language = "text",
  readOnly = false,
  minHeight = "120px",
  maxHeight,
  label,
  notes,
}: {
  value: string;
  onChange?: (value: string) => void;
  language?: CodeLanguage;
  readOnly?: boolean;
  minHeight?: string;
  maxHeight?: string;
  /** The accessible name of the editor. */
  label?: string;
  notes?: LineNote[];
}) {
  const [theme] = useTheme();
  const [view, setView] = useState<EditorView>();
  const annotated = notes !== undefined;
  const extensions = useMemo(() => {
    const marks = annotated ? [lintGutter()] : [];
    if (language === "python") return [python(), ...marks];
    if (language === "bash") return [StreamLanguage.define(shell), ...marks];
    return marks;
  }, [language, annotated]);
  useEffect(() => {
    if (view && notes) view.dispatch(setDiagnostics(view.state, diagnosticsOf(view.state.doc, notes)));
  }, [view, notes]);
  return (
    <CodeMirror
      className="code-editor"
      value={value}
      onChange={onChange}
      onCreateEditor={(created) => setView(created)}
      extensions={extensions}
      theme={theme}
      readOnly={readOnly}
      editable={!readOnly}
      minHeight={minHeight}
      maxHeight={maxHeight}
      aria-label={label}
      basicSetup={{ foldGutter: false, highlightActiveLine: !readOnly }}
      style={{ border: "1px solid var(--border)", borderRadius: "var(--radius)", overflow: "hidden", fontSize: 12.5 }}
    />
  );
}
