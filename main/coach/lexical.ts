/**
 * Lexical features of a clause: its normalised words and word pairs, hashed
 * into a fixed number of buckets. The cue features (features.ts) say what the
 * playbook says in general; these let the classifier learn how our corpus's
 * reps actually word a probe, a give or a close ("ballpark", "on the books",
 * "went from"), without a hand-written list for each. The classifier weighs
 * them with a stronger L2 penalty than the cues (train-lib.ts), so a clause
 * whose words were never seen is read by its cues alone.
 *
 * Cheap by design: one FNV-1a pass over the words, no allocation per word
 * beyond the bucket list.
 */

/**
 * 2^16: few collisions among the corpus's word pairs, so training can keep
 * only the pairs several lines share (train-lib.ts) and the weights file lists
 * just those.
 */
export const LEXICAL_BUCKETS = 65536
/** Changes whenever the hashing or the token rules change; the weights file records it (classifier.ts checks). */
export const LEXICAL_SCHEME = 'fnv1a32 words + word pairs, clause start marked, digits as #, mod 65536, v2'

const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193

function mix(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    // every digit hashes alike: "12 percent" and "40 percent" are the same cue
    if (c >= 48 && c <= 57) c = 35
    h ^= c
    h = Math.imul(h, FNV_PRIME)
  }
  return h
}

const SEP = 0x20
const START = 0x02

/** Which buckets this call has seen already (by call number): dedupes without a Set per clause. */
const stamp = new Uint32Array(LEXICAL_BUCKETS)
let generation = 0

function add(out: number[], h: number): void {
  const b = (h >>> 0) % LEXICAL_BUCKETS
  if (stamp[b] === generation) return
  stamp[b] = generation
  out.push(b)
}

/**
 * Distinct bucket indices (in order of first appearance) of the words'
 * unigrams and bigrams; the first word is also paired with a clause-start mark
 * ("would" opening a clause is not "would" inside one). Clause breaks ('|')
 * are skipped.
 */
export function lexicalBuckets(words: readonly { t: string }[]): number[] {
  generation = (generation + 1) >>> 0
  if (generation === 0) {
    // wrapped around after 2^32 calls: start the stamps afresh
    stamp.fill(0)
    generation = 1
  }
  const out: number[] = []
  let prev = Math.imul(FNV_OFFSET ^ START, FNV_PRIME)
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.t
    if (w === '|' || w.length === 0) continue
    const hw = mix(FNV_OFFSET, w)
    add(out, hw)
    // the pair hashes on from the previous word's state: hash(prev + ' ' + w) without building the string
    add(out, mix(Math.imul(prev ^ SEP, FNV_PRIME), w))
    prev = hw
  }
  return out
}
