/** Debian's Chromium driven by Playwright, with a fake microphone that plays a WAV file. */
import fs from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p))

export async function launchChromium(opts: { fakeMicWav?: string } = {}): Promise<Browser> {
  if (!CHROMIUM_PATH) throw new Error('Chromium not found: install Debian\'s "chromium" package (.ci/run does) or set CHROMIUM_PATH')
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      // %noloop: play the file once, then silence, like a real call that ends.
      ...(opts.fakeMicWav ? [`--use-file-for-fake-audio-capture=${opts.fakeMicWav}%noloop`] : []),
    ],
  })
}
