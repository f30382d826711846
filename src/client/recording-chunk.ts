/**
 * The lazily loaded chunk of call recording: the call panel's recording indicator and controls.
 * main.ts imports it after the line is registered, and only when the line records calls
 * (RECORD_CALLS), so it never weighs on the page up to `registered`.
 */
export { RecordingPanel } from './recording/recording-panel';
