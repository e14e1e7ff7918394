/** Parsing .txt, .vtt and .srt transcripts for the analyze CLI (pure functions). */
import { describe, expect, it } from 'vitest'
import {
  decodeTranscript,
  filterSpeaker,
  parseTranscript,
  splitSpeaker,
  TranscriptError,
} from '../../main/cli/transcript-formats'

const enc = (s: string) => new TextEncoder().encode(s)

describe('decodeTranscript', () => {
  it('decodes UTF-8 and drops a BOM', () => {
    expect(decodeTranscript(enc('\ufeffhello – café'))).toBe('hello – café')
  })
  it('decodes UTF-16 with a BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hi there', 'utf16le')])
    expect(decodeTranscript(le)).toBe('hi there')
  })
  it('refuses empty, binary and non-UTF-8 input', () => {
    expect(() => decodeTranscript(new Uint8Array())).toThrow(/empty/)
    expect(() => decodeTranscript(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]))).toThrow(/binary/)
    expect(() => decodeTranscript(Uint8Array.from([0x68, 0x69, 0xff, 0xfe, 0xfd]))).toThrow(/not UTF-8/)
  })
})

describe('.txt', () => {
  it('one utterance per line with 1-based line numbers; blank lines skipped', () => {
    const segs = parseTranscript('First line.\n\n  Second line  \r\nThird\n', 'txt')
    expect(segs.map((s) => [s.line, s.text, s.startMs, s.endMs])).toEqual([
      [1, 'First line.', null, null],
      [3, 'Second line', null, null],
      [4, 'Third', null, null],
    ])
  })

  it('reads [mm:ss] and [hh:mm:ss] timestamps, and lines without one', () => {
    const segs = parseTranscript('[00:05] Hi there.\n[01:02:03] Later on.\nNo stamp here.\n[75:30]   long call', 'txt')
    expect(segs.map((s) => s.startMs)).toEqual([5000, 3723000, null, 4530000])
    expect(segs.map((s) => s.text)).toEqual(['Hi there.', 'Later on.', 'No stamp here.', 'long call'])
  })

  it('rejects malformed timestamps with the line number', () => {
    expect(() => parseTranscript('ok\n[00:7x] hi', 'txt')).toThrow(/line 2: malformed timestamp "\[00:7x\]"/)
    expect(() => parseTranscript('[00:75] hi', 'txt')).toThrow(/seconds must be below 60/)
    expect(() => parseTranscript('[1:75:00] hi', 'txt')).toThrow(/below 60/)
    expect(() => parseTranscript('[00:10 hi', 'txt')).toThrow(/malformed timestamp/)
    expect(() => parseTranscript('[00:10] a\n[00:05] b', 'txt')).toThrow(/line 2: timestamp goes back in time/)
  })

  it('keeps bracketed non-timestamps as text and splits speaker labels', () => {
    const [a, b] = parseTranscript('[laughs] okay so\nSam Rivera: what is your budget?', 'txt')
    expect(a?.text).toBe('[laughs] okay so')
    expect(b).toMatchObject({ speaker: 'Sam Rivera', text: 'what is your budget?' })
  })

  it('refuses a transcript with no utterances', () => {
    expect(() => parseTranscript('\n \n', 'txt')).toThrow(TranscriptError)
    expect(() => parseTranscript('[00:01]\n[00:02]', 'txt')).toThrow(/no utterances/)
  })
})

describe('.vtt', () => {
  const vtt = [
    'WEBVTT - exported by MeetTool',
    '',
    'NOTE this is a comment',
    '',
    '1',
    '00:00:01.000 --> 00:00:04.500 align:start',
    '<v Sam Rep>So what are you using</v>',
    '<v Sam Rep>for payroll today?</v>',
    '',
    '00:05.000 --> 00:07.250',
    '<v Dana Buyer>We use &amp; like PayCo.',
    '',
    '00:00:08.000 --> 00:00:09.000',
    'Sam Rep: A client of ours cut payroll time by <b>half</b>.',
    '',
  ].join('\n')

  it('reads cues with times, joined lines, voices and entities', () => {
    const segs = parseTranscript(vtt, 'vtt')
    expect(segs.map((s) => [s.startMs, s.endMs, s.speaker, s.text, s.line])).toEqual([
      [1000, 4500, 'Sam Rep', 'So what are you using for payroll today?', 6],
      [5000, 7250, 'Dana Buyer', 'We use & like PayCo.', 10],
      [8000, 9000, 'Sam Rep', 'A client of ours cut payroll time by half.', 13],
    ])
  })

  it('keeps one speaker', () => {
    const segs = filterSpeaker(parseTranscript(vtt, 'vtt'), 'sam rep')
    expect(segs).toHaveLength(2)
    expect(() => filterSpeaker(parseTranscript(vtt, 'vtt'), 'Nobody')).toThrow(/speakers found: Sam Rep, Dana Buyer/)
  })

  it('rejects malformed WebVTT', () => {
    expect(() => parseTranscript('00:00:01.000 --> 00:00:02.000\nhi', 'vtt')).toThrow(/first line must be "WEBVTT"/)
    expect(() => parseTranscript('WEBVTT\n\n00:00:01.000 --> 00:0x:02.000\nhi', 'vtt')).toThrow(/line 3: malformed WebVTT cue timing/)
    expect(() => parseTranscript('WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nhi', 'vtt')).toThrow(/malformed WebVTT cue timing/)
    expect(() => parseTranscript('WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nhi', 'vtt')).toThrow(/ends before it starts/)
    expect(() => parseTranscript('WEBVTT\n\nintro\nno timing here', 'vtt')).toThrow(/line 3: cue without a timing line/)
    expect(() => parseTranscript('WEBVTT\n00:00:01.000 --> 00:00:02.000\nhi', 'vtt')).toThrow(/blank line/)
    expect(() => parseTranscript('WEBVTT\n\nNOTE only a note', 'vtt')).toThrow(/no utterances/)
  })
})

describe('.srt', () => {
  it('reads numbered cues with comma milliseconds and strips tags', () => {
    const srt = '1\n00:00:01,000 --> 00:00:03,000\n<i>Hello</i> there\n\n2\n00:01:00,5 --> 00:01:02,000\n{\\an8}Second cue\nline two\n'
    expect(parseTranscript(srt, 'srt').map((s) => [s.startMs, s.endMs, s.text])).toEqual([
      [1000, 3000, 'Hello there'],
      [60500, 62000, 'Second cue line two'],
    ])
  })

  it('rejects malformed SRT', () => {
    expect(() => parseTranscript('1\nhello\n', 'srt')).toThrow(/line 1: expected a cue number and a timing line/)
    expect(() => parseTranscript('1\n00:00:01 --> 00:00:02\nhi', 'srt')).toThrow(/line 2: malformed SRT cue timing/)
  })
})

describe('splitSpeaker', () => {
  it('only takes short capitalised names', () => {
    expect(splitSpeaker('Dana: hi')).toEqual({ speaker: 'Dana', text: 'hi' })
    expect(splitSpeaker("Here's the thing: it works")).toEqual({ speaker: null, text: "Here's the thing: it works" })
    expect(splitSpeaker('Quick question: how many trucks?')).toEqual({ speaker: null, text: 'Quick question: how many trucks?' })
  })
})
