import { memo, useEffect, useRef, useState, type DragEvent } from "react";

import { api } from "../api/client";
import type { HubInfo, HubResults, Operation, OperationSummary, UploadResult } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { useNotify } from "../components/Toasts";
import { bytes } from "../format";
import { useResource } from "../hooks/useResource";
import { useSession } from "../session";
import { hubRef, searchHub, uploadFile } from "./editorApi";
import "./HubPanel.css";
import { DRAG_MIME, type OperationRef } from "./types";

const PAGE = 60;
const SEARCH_DELAY_MS = 250;

function ports(summary: Pick<OperationSummary, "inputs" | "outputs">): string {
  const ins = summary.inputs.map((input) => input.type ?? "file").join(", ");
  const outs = summary.outputs.map((output) => output.type ?? "file").join(", ");
  return `${ins || "—"} → ${outs || "—"}`;
}

function startDrag(event: DragEvent, ref: OperationRef) {
  event.dataTransfer.setData(DRAG_MIME, JSON.stringify(ref));
  event.dataTransfer.setData("text/plain", ref.name);
  event.dataTransfer.effectAllowed = "copy";
}

/** Why a draft of the user's is marked: what it cannot do until it is published. */
function draftReason(multiUser: boolean): string {
  return multiUser
    ? "Only you see it: others cannot launch a workflow using it until it is published (running unpublished code needs the create_operations permission)."
    : "Not published yet: it may still change, and only published versions are frozen for reproducible runs.";
}

/** The mark of a draft in the panel, with its reason. */
function DraftMark({ reason }: { reason: string }) {
  return (
    <div className="hub-item-draft" title={reason}>
      <span className="hub-item-draft-label">draft</span> <span className="hub-item-draft-reason">{reason}</span>
    </div>
  );
}

/** One draggable operation of the panel. */
function HubItem({
  title,
  name,
  version,
  kind,
  detail,
  description,
  draft,
  deref,
  onAdd,
}: {
  title: string;
  name: string;
  version?: number;
  kind: string;
  detail: string;
  description?: string;
  /** Why it is marked a draft; absent for a published operation. */
  draft?: string;
  deref: OperationRef;
  onAdd: (ref: OperationRef) => void;
}) {
  return (
    <li
      className="hub-item"
      draggable
      onDragStart={(event) => startDrag(event, deref)}
      onDoubleClick={() => onAdd(deref)}
      title={`${description || title}\n\nDrag onto the canvas (or double-click) to add it.`}
      aria-label={title}
      data-operation={name}
      data-status={draft ? "draft" : undefined}
    >
      <span className={`hub-item-kind kind-${kind}`} aria-hidden="true" />
      <div className="hub-item-text">
        <div className="hub-item-title">{title}</div>
        <div className="hub-item-meta">
          <span className="mono">
            {name}
            {version !== undefined && ` v${version}`}
          </span>{" "}
          · {detail}
        </div>
        {draft && <DraftMark reason={draft} />}
      </div>
      <button type="button" className="hub-item-add" aria-label={`Add ${title} to the canvas`} onClick={() => onAdd(deref)}>
        +
      </button>
    </li>
  );
}

/** The catalogue of operations to drag onto the canvas: hubs, search, groups, and uploads. */
export const HubPanel = memo(function HubPanel({
  hub,
  onHub,
  onAdd,
  onUploaded,
}: {
  /** The hub shown (the connection picker searches it too). */
  hub: string;
  onHub: (hub: string) => void;
  onAdd: (ref: OperationRef) => void;
  onUploaded: (operation: Operation) => void;
}) {
  const notify = useNotify();
  const { meta } = useSession();
  const hubs = useResource((signal) => api.get<HubInfo[]>("/hubs", undefined, signal), []);
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  // "Show more" grows the page of the current search only.
  const [more, setMore] = useState({ key: "", limit: PAGE });
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [uploads, setUploads] = useState<UploadResult[]>([]);
  const [uploading, setUploading] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const searchKey = `${hub}\u0000${query}`;
  const limit = more.key === searchKey ? more.limit : PAGE;

  const results = useResource<HubResults>(
    (signal) => searchHub(hub, { q: query, limit }, signal),
    [hub, query, limit],
  );

  const toggle = (title: string) =>
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (next.has(title)) next.delete(title);
      else next.add(title);
      return next;
    });

  const upload = async (files: FileList | null) => {
    if (!files?.length) return;
    setUploading(true);
    try {
      for (const file of Array.from(files)) {
        const result = await uploadFile(file);
        if (result.operation) onUploaded(result.operation);
        setUploads((list) => [result, ...list.filter((item) => item.operation?.id !== result.operation?.id)]);
        notify(`Uploaded ${result.filename}: drag it onto the canvas`, "success");
      }
      results.reload();
    } catch (error) {
      notify.error(error, "Upload failed");
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = "";
    }
  };

  const hubList = hubs.data ?? [{ name: "database", title: "Database", description: "" }];
  const loaded = results.data?.groups.reduce((sum, group) => sum + group.items.length, 0) ?? 0;

  return (
    <aside className="hub-panel" aria-label="Operations">
      <div className="hub-tabs" role="tablist" aria-label="Hubs">
        {hubList.map((info) => (
          <button
            key={info.name}
            role="tab"
            aria-selected={hub === info.name}
            className={hub === info.name ? "hub-tab active" : "hub-tab"}
            title={info.description}
            onClick={() => onHub(info.name)}
          >
            {info.title}
          </button>
        ))}
      </div>
      <div className="hub-search">
        <input
          className="input"
          type="search"
          placeholder="Search operations…"
          aria-label="Search operations"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <div className="hub-upload">
        <label className={`btn btn-small hub-upload-button${uploading ? " busy" : ""}`}>
          <span aria-hidden="true">⤒</span> {uploading ? "Uploading…" : "Upload a file"}
          <input
            ref={fileInput}
            type="file"
            multiple
            aria-label="Upload a file"
            disabled={uploading}
            onChange={(event) => void upload(event.target.files)}
          />
        </label>
      </div>
      <div className="hub-scroll">
        {uploads.length > 0 && (
          <section className="hub-group" aria-label="Uploaded files">
            <h3 className="hub-group-title static">Uploaded files</h3>
            <ul className="hub-items">
              {uploads.map((item) =>
                item.operation?.id ? (
                  <HubItem
                    key={item.operation.id}
                    title={item.operation.title || item.filename}
                    name={item.operation.name}
                    version={item.operation.version}
                    kind="file"
                    detail={`${item.type} · ${bytes(item.size)}`}
                    deref={{ hub: null, name: item.operation.name, id: item.operation.id, title: item.operation.title }}
                    onAdd={onAdd}
                  />
                ) : null,
              )}
            </ul>
          </section>
        )}
        {results.error !== undefined && <ErrorMessage error={results.error} title="Search failed" />}
        {results.data && results.data.total === 0 && (
          <p className="muted hub-empty">{query ? `Nothing matches “${query}”.` : "This hub has no operations yet."}</p>
        )}
        {results.data?.groups.map((group) => {
          const open = !collapsed.has(group.title);
          return (
            <section className="hub-group" key={group.title}>
              <h3 className="hub-group-title">
                <button type="button" aria-expanded={open} onClick={() => toggle(group.title)}>
                  <span className="hub-caret" aria-hidden="true">
                    {open ? "▾" : "▸"}
                  </span>
                  {group.title}
                  <span className="hub-count">{group.items.length}</span>
                </button>
              </h3>
              {open && (
                <ul className="hub-items">
                  {group.items.map((item) => (
                    <HubItem
                      key={item.id}
                      title={item.title || item.name}
                      name={item.name}
                      version={item.version}
                      kind={item.kind}
                      detail={ports(item)}
                      description={item.description}
                      draft={item.status === "draft" ? draftReason(meta.multi_user) : undefined}
                      deref={hubRef(hub, item)}
                      onAdd={onAdd}
                    />
                  ))}
                </ul>
              )}
            </section>
          );
        })}
        {results.data && loaded < results.data.total && (
          <button type="button" className="btn btn-small hub-more" onClick={() => setMore({ key: searchKey, limit: limit + PAGE })}>
            Show more ({results.data.total - loaded} left)
          </button>
        )}
        {results.loading && !results.data && <p className="muted hub-empty">Loading…</p>}
      </div>
      <p className="hub-hint muted">Drag an operation onto the canvas, or double-click it.</p>
    </aside>
  );
});
