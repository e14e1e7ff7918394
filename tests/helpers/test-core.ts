/** The real core on a fresh data folder with the test model: what the core-level tests start from. */
import { createCallDeskCore, type CallDeskCore, type CoreOptions } from '../../main/core/call-desk-core'
import { TEST_MODEL } from './shared-assets'
import { tempDataDir } from './test-host-process'

export function createTestCore(overrides: Partial<CoreOptions> = {}): Promise<CallDeskCore> {
  return createCallDeskCore({
    dataDir: tempDataDir(),
    appVersion: 'test',
    env: { CALLDESK_MODEL: TEST_MODEL },
    emit: () => undefined,
    audioUrlFor: (id) => `/media/${id}.wav`,
    ...overrides,
  })
}
