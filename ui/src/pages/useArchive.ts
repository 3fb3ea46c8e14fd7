import { api } from "../api/client";
import { useNotify } from "../components/Toasts";

/**
 * Archives or unarchives the object at `path` ("/workflows/ID"), saying so as `done`
 * (or why not, as `failed`), then `reload`s the list.
 */
export function useArchive(reload: () => void) {
  const notify = useNotify();
  return async (path: string, archive: boolean, done: string, failed = done) => {
    try {
      await api.post(`${path}/${archive ? "archive" : "unarchive"}`);
      notify(`${archive ? "Archived" : "Unarchived"} ${done}`, "success");
      reload();
    } catch (error) {
      notify.error(error, `Could not ${archive ? "archive" : "unarchive"} ${failed}`);
    }
  };
}
