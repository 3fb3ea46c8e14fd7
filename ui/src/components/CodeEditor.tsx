import { python } from "@codemirror/lang-python";
import { StreamLanguage } from "@codemirror/language";
import { shell } from "@codemirror/legacy-modes/mode/shell";
import CodeMirror from "@uiw/react-codemirror";
import { useMemo } from "react";

import { useTheme } from "../theme/useTheme";

export type CodeLanguage = "bash" | "python" | "text";

/** The language of an operation kind's code. */
export function languageOfKind(kind: string): CodeLanguage {
  if (kind === "python") return "python";
  if (kind.startsWith("bash")) return "bash";
  return "text";
}

/** A syntax-highlighted code editor (CodeMirror 6) following the app's theme. */
export function CodeEditor({
  value,
  onChange,
  language = "text",
  readOnly = false,
  minHeight = "120px",
  maxHeight,
  label,
}: {
  value: string;
  onChange?: (value: string) => void;
  language?: CodeLanguage;
  readOnly?: boolean;
  minHeight?: string;
  maxHeight?: string;
  /** The accessible name of the editor. */
  label?: string;
}) {
  const [theme] = useTheme();
  const extensions = useMemo(() => {
    if (language === "python") return [python()];
    if (language === "bash") return [StreamLanguage.define(shell)];
    return [];
  }, [language]);
  return (
    <CodeMirror
      className="code-editor"
      value={value}
      onChange={onChange}
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
