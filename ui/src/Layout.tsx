import { NavLink, Outlet, useLocation } from "react-router-dom";

import { ErrorBoundary } from "./components/ErrorBoundary";
import "./Layout.css";
import { useSession } from "./session";
import { useTheme } from "./theme/useTheme";

/** The top bar with the main sections, the theme switch and the user; the screen below. */
export function Layout() {
  const { me, logout } = useSession();
  const [theme, toggleTheme] = useTheme();
  const location = useLocation();
  const sections: [string, string][] = [
    ["/workflows", "Workflows"],
    ["/operations", "Operations"],
    ["/runs", "Runs"],
    ["/dashboard", "Dashboard"],
  ];
  if (me.is_admin && me.multi_user) sections.push(["/users", "Users"]);
  return (
    <div className="app">
      <header className="topbar">
        <NavLink to="/" className="brand">
          <img src="/favicon.svg" alt="" width={22} height={22} />
          PLynx
        </NavLink>
        <nav className="sections" aria-label="Sections">
          {sections.map(([to, label]) => (
            <NavLink key={to} to={to}>
              {label}
            </NavLink>
          ))}
        </nav>
        <span className="spacer" />
        <button
          className="btn btn-icon theme-toggle"
          onClick={toggleTheme}
          aria-label={theme === "dark" ? "Switch to the light theme" : "Switch to the dark theme"}
          title={theme === "dark" ? "Light theme" : "Dark theme"}
        >
          {theme === "dark" ? "☀" : "☾"}
        </button>
        <NavLink to="/settings" className="user" title="Settings and API tokens">
          {me.multi_user ? me.username : "Settings"}
        </NavLink>
        {me.multi_user && (
          <button className="btn btn-small" onClick={logout}>
            Log out
          </button>
        )}
      </header>
      <main className="main">
        <ErrorBoundary key={location.pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
    </div>
  );
}
