import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The first number formatted for people loads the locale's number data (15–20 ms): paid in a task
// of its own while the page waits for its first source, not in the task that draws it (issue 16,
// the event count). Not when idle: a session opened with the page leaves it no idle time.
setTimeout(() => (0).toLocaleString('en'));
