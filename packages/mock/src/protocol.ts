// Messages between startMocks and the Prism runner process (Node IPC).

/** One Prism server the runner starts. */
export interface RunnerJob {
  id: string;
  document: string;
  port: number;
  host: string;
  dynamic: boolean;
  seed?: string;
  upstream?: string;
  logLevel: string;
}

export type RunnerMessage =
  | { type: "ready"; id: string }
  | { type: "failed"; id: string; message: string }
  | { type: "closed"; id: string };

export type ParentMessage = { type: "close"; id: string };
