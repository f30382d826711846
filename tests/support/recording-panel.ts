/** The call panel's recording part on a teammate's page, as a person finds it: shared by the e2e tests and the bench. */
import type { Page } from 'playwright-core';

/** The Recording group of the call panel. */
export const recordingGroup = (page: Page) => page.getByRole('group', { name: 'Recording' });

/** Its indicator ("● Recording (started by alice)", "Recording paused"); hidden while nothing is recorded. */
export const recordingIndicator = (page: Page) => recordingGroup(page).getByRole('status');

/** Clicks the recording button named `name` (Record, Pause recording, Resume recording, Stop recording). */
export const clickRecording = (page: Page, name: string) => recordingGroup(page).getByRole('button', { name, exact: true }).click();
