/**
 * The English part-of-speech tagger the coach reads grammar with when there is
 * no punctuation: wink-nlp with its lite English model (pure JS, in npm, no
 * download at run time). See README.md for why this one (speed: ~30× faster
 * than compromise on our clauses, which the < 50 ms/hour budget needs).
 *
 * Only a clause's first few words are tagged: that is where English marks an
 * imperative ("walk me through…", "give me a call back") and where a new clause
 * starts, and tagging four words instead of the whole utterance keeps a push
 * in the tens of microseconds.
 */
import winkNLP from 'wink-nlp'
import model from 'wink-eng-lite-web-model'

type Nlp = ReturnType<typeof winkNLP>
let nlp: Nlp | null = null
const get = (): Nlp => (nlp ??= winkNLP(model, ['pos']))

/** Universal POS tags of `words` (lowercase, no punctuation), one per word when wink keeps the words as given. */
export function tagWords(words: readonly string[]): string[] {
  if (words.length === 0) return []
  const n = get()
  const doc = n.readDoc(words.join(' '))
  return doc.tokens().out(n.its.pos) as string[]
}

/** Verbs that open a subject-less clause without it being a request ("hope you are well", "sounds good"). */
const NOT_IMPERATIVE = new Set([
  'hope', 'love', 'like', 'think', 'guess', 'know', 'mean', 'see', 'figure', 'appreciate', 'thank', 'wonder', 'bet',
  'understand', 'agree', 'say', 'want', 'need', 'sound', 'seem', 'feel', 'look', 'listen', 'wait', 'hold', 'hang',
  'get', 'got', 'have', 'be', 'do', 'go', 'come', 'mind', 'sorry', 'thanks', 'okay', 'please', 'imagine', 'picture',
  'speaking', 'calling', 'reaching', 'following', 'checking', 'going', 'trying', 'wanted', 'hoping', 'just',
])

/** Closed-class words: a clause opening with one of these is not an imperative, and the tagger is not asked. */
const CLOSED = new Set([
  'i', 'we', 'you', 'he', 'she', 'it', 'they', 'me', 'us', 'him', 'her', 'them', 'my', 'our', 'your', 'his', 'their', 'its',
  'this', 'that', 'these', 'those', 'there', 'here', 'the', 'a', 'an', 'some', 'any', 'no', 'not', 'all', 'every', 'each',
  'what', 'how', 'who', 'when', 'where', 'which', 'why', 'whom', 'whose', 'if', 'whether', 'because', 'since', 'as',
  'do', 'does', 'did', 'am', 'is', 'are', 'was', 'were', 'have', 'has', 'had', 'can', 'could', 'would', 'will', 'should',
  'shall', 'may', 'might', 'must', 'to', 'of', 'in', 'on', 'at', 'for', 'with', 'about', 'from', 'by', 'or', 'nor', 'yes',
  'hi', 'hey', 'hello', 'good', 'great', 'perfect', 'awesome', 'cool', 'sure', 'right', 'yeah', 'yep', 'nope', 'wow',
  'one', 'two', 'three', 'last', 'next', 'most', 'many', 'much', 'more', 'very', 'really', 'totally', 'absolutely',
  'actually', 'only', 'even', 'also', 'still', 'again', 'already', 'usually', 'typically', 'often', 'never', 'always',
  'sometimes', 'again', 'other', 'another', 'such', 'than', 'then', 'too', 'either', 'neither', 'both', 'whatever',
])

/** The open clause is re-read with every piece of a growing utterance: its opening words are tagged once. */
const recent = new Map<string, string[]>()
const RECENT_MAX = 256

/** Words that may precede the verb of a request without changing it. */
const LEAD = new Set(['please', 'just', 'so', 'and', 'but', 'now', 'okay', 'well', 'then', 'also', 'oh', 'yeah', 'maybe', 'first', 'quickly', 'go', 'ahead', 'and'])

/**
 * Index (into `words`) of the verb when the clause is in imperative form: it
 * opens (after "please", "so", …) with a base-form verb the tagger reads as
 * VERB, and no subject came before it. -1 otherwise.
 */
export function imperativeVerb(words: readonly string[]): number {
  let i = 0
  while (i < words.length && i < 3 && LEAD.has(words[i]!)) i++
  const w = words[i]
  if (w === undefined || CLOSED.has(w) || NOT_IMPERATIVE.has(w) || /\d/.test(w) || (/(?:ing|ed|s)$/.test(w) && !/(?:ss|us)$/.test(w))) return -1
  const window = words.slice(i, i + 3)
  if (window.length < 2) return -1
  // Lowercase clause openings without punctuation read as nouns ("book a demo", "call me back");
  // after "please" the tagger reads the same word as the verb it is.
  const key = window.join(' ')
  let tags = recent.get(key)
  if (!tags) {
    tags = tagWords(['please', ...window])
    if (recent.size >= RECENT_MAX) recent.clear()
    recent.set(key, tags)
  }
  if (tags.length !== window.length + 1) return -1
  const next = tags[2]
  return tags[1] === 'VERB' && next !== 'AUX' && next !== 'VERB' && next !== 'PART' ? i : -1
}
