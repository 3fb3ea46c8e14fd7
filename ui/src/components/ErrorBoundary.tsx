import { Component, type ErrorInfo, type ReactNode } from "react";

import { ErrorMessage } from "./ErrorMessage";

/** A screen that throws while rendering shows the error, never a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  state = { error: undefined as unknown };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  render() {
    if (this.state.error === undefined) return this.props.children;
    return (
      <div className="page">
        <ErrorMessage error={this.state.error} title="This page failed" />
        <button className="btn" style={{ marginTop: 12 }} onClick={() => this.setState({ error: undefined })}>
          Try again
        </button>
      </div>
    );
  }
}
