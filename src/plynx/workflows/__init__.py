"""Pure logic on workflows: the operations they use and upgrading their nodes."""
