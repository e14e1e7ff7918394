/**
 * Cue features of one utterance, computed on the normalised token string
 * (see normalize.ts). Each cue family is a set of phrase patterns over word
 * classes rather than a keyword list: "a question about the buyer's business"
 * is (question structure) x (second person) x (business object or disclosure
 * verb), wherever the words sit and whether or not there is a '?'.
 *
 * Features are binary. The linear model in classifier.ts weighs them; the
 * weights are trained offline on the tuning corpus (tests/coach/tools/train-classifier.ts).
 */
import { DISCOURSE, normalize, tokenAt, type Normalized } from './normalize'
import { pressureForm } from './patterns'

const alt = (words: string): string => `(?:${words.trim().split(/\s*\|\s*/).join('|')})`

// ---- word classes -------------------------------------------------------
const DISC = alt([...DISCOURSE].join('|') + '|out of curiosity|real quick|quick question|one more thing|last thing|by the way|for example|first|got it|i see')
/** Clause start, skipping discourse markers. */
const START = `(?:^|\\| )(?:${DISC} )*`
const WH_W = 'what | how | who | when | where | which | why | whom | whose'
const WH = alt(WH_W)
const AUX_W = 'do | does | did | are | is | was | were | have | has | had | can | could | would | will | should | shall | may | might | any | got'
const AUX = alt(AUX_W)
const YOU_W = 'you | your | yours | yourself | you all | ya | you guys | your team | your folks'
const YOU = alt(YOU_W)
const SUBJ = alt('you | your | we | i | it | there | that | this | the | anyone | anybody | everyone | he | she | they | ya | any | somebody | someone')
const NUMW_W = 'two | three | four | five | six | seven | eight | nine | ten | eleven | twelve | thirteen | fourteen | fifteen | sixteen | seventeen | eighteen | nineteen | twenty | thirty | forty | fifty | sixty | seventy | eighty | ninety | hundred | thousand | million | billion | half | dozen | twice | double | triple | quadruple'
const NUMW = alt(NUMW_W)
const NUM = `(?:\\d[\\d.]*[a-z]*|${NUMW})`
const DAY_W = 'monday | tuesday | wednesday | thursday | friday | saturday | sunday | mondays | tomorrow | tonight'
const DAY = alt(DAY_W)
const MONTH_W = 'january | february | march | april | may | june | july | august | september | october | november | december'
const MONTH = alt(MONTH_W)
const BIZ_W = `budget | budgets | process | processes | team | teams | staff | people | business | company | firm | practice | clinic | office | store | stores | shop | restaurant | location | locations | sales | revenue | pipeline | leads | lead | customers | clients | patients | numbers | number | margin | margins | spend | spending | cost | costs | bill | bills | pricing | price | prices | rate | rates | goal | goals | target | targets | plan | plans | planning | strategy | priorities | priority | challenge | challenges | problem | problems | pain | headache | headaches | issue | issues | bottleneck | provider | vendor | vendors | supplier | suppliers | system | systems | software | tool | tools | stack | setup | set up | contract | policy | renewal | renew | lease | timeline | decision | decisions | quota | volume | fleet | trucks | drivers | techs | units | building | payroll | marketing | website | crm | security | insurance | workflow | operations | ops | hiring | growth | conversion | churn | inventory | crew | crews | reps | agents | employees | headcount | campaign | campaigns | ads | spend | traffic | calls | orders | shipments | loads | lanes | claims | billing | books | accounting | it | infrastructure | data | backups | schedule | scheduling | shifts | utilization | capacity | demand | season | peak | launch | expansion | funding | cash flow | collections | invoices | payments | rent | units | properties | doors | fixtures | lights | scripts | appointments | visits | jobs | projects | bids | quotes | carriers | premium | premiums | coverage | benefits | plan | renewal | curriculum | students | enrollment | turnover | retention | no shows | reviews | content | videos | brand | product | products | catalog | line | menu | beans | supply | supplier | equipment | machines | electricity | power | energy | utility | internet | phones | phone lines | lines | passwords | access | onboarding | training | quota attainment | pick rate | pickers | labor | overtime`
const BIZ = alt(BIZ_W)
const DISCLOSE_V = alt('had | using | use | doing | do | running | run | paying | pay | spending | spend | handling | handle | managing | manage | tracking | track | planning | plan | buying | buy | working with | getting | get | seeing | see | selling | sell | sending | send | collecting | collect | making | make | storing | store | filling | fill | booking | book | reaching | reach | expecting | expect | trying | try | looking | sourcing | offering | offer | planting | measuring | measure | hiring | hire | deciding | decide | struggling | fighting | dealing | currently | still | already | normally | usually | typically | need | needs | have | want | like | dislike | find | finding | choose | choosing | pick | picking | budget | budgeting | evaluate | evaluating | considering | consider | thinking | onboarding | ramping | staffing | scheduling | dispatching | shipping | moving | bringing | keeping | keep | losing | lose | charging | charge | billing | bill | hearing')
const NOW = alt('right now | currently | today | these days | at the moment | nowadays | on your end | on your side | this year | at present | now | so far | lately | recently')
const COMMIT_OBJ_W = 'minutes | hour | an hour | half an hour | few minutes | demo | demos | meeting | meetings | call | chat | conversation | time | slot | walkthrough | walk through | tour | visit | site visit | consultation | consult | assessment | audit | session | review | trial | pilot | proposal | quote | estimate | contract | agreement | order | invite | invitation | screen share | appointment | discovery session | test campaign | campaign | booth | sample | samples | paperwork | order form | spot | spots | follow up | next step | next steps | calendar | test | case'
const COMMIT_OBJ = alt(COMMIT_OBJ_W)
const COMMIT_V = alt('set up | schedule | book | grab | get | put | find | lock in | lock | pencil | pencil in | hold | reserve | hop on | jump on | plan on | line up | arrange | sign | send | start | kick off | try | do | have | see | show | bring | drop off | swing by | stop by | come by | come see | go ahead | move forward | place | get started | sign up | commit | buy | purchase | order | invite | meet | sit down | review | run | walk | test | tour | visit | reserve | circle up | connect | chat | talk')
const OUTCOME_V_W = 'cut | cuts | cutting | reduced | reduce | reduces | reducing | lowered | lower | dropped | drop | drops | dropping | fell | fall | increased | increase | increases | grew | grow | grows | boosted | boost | raised | added | add | adding | saved | save | saves | saving | doubled | tripled | halved | recovered | freed up | free up | frees up | got back | get back | picked up | brought in | brings in | bring in | generated | won | improved | improve | eliminated | avoided | avoid | stopped | found | went from | went up | went down | go up | goes up | gone up | ramp | ramped | convert | converts | converted | filled | fill | pays for | paid for | passed | covered | covers | earned | turned around | jumped | climbed | ended up | sped up | speeds up | serving | getting | get | got | lose | losing | lost | wasting | leaving | pay back | payback | redeemed | kept | keep | brought'
const OUTCOME_V = alt(OUTCOME_V_W)
const ORG_W = 'client | clients | customer | customers | company | companies | firm | firms | shop | shops | clinic | clinics | practice | practices | dealer | dealers | dealership | store | stores | team | teams | restaurant | restaurants | hospital | hospitals | school | schools | district | districts | brand | brands | grower | growers | warehouse | warehouses | 3pl | 3pls | contractor | contractors | operator | operators | owner | owners | guy | agency | agencies | diner | diners | pharmacy | pharmacies | independent | independents | landlord | landlords | startup | startups | group | distributor | distributors | manufacturer | manufacturers | retailer | retailers | cafe | cafes | bakery | shipper | shippers | fleet | fleets | carrier | carriers | plumber | plumbers | agent | agents | manager | managers | office | offices | business | businesses | franchise | franchisee | franchisees | facility | building | property | properties | tenant | tenants | buyer | buyers | sponsor | sponsors | nurse | nurses | rep | reps | lab | labs | maker | makers | producer | producers | outfit | hotel | hotels | chain | chains | organization | organizations | nonprofit | firm | family | farm | farms | practice | agency | shipper | user | users | member | members | homeowner | homeowners | coffee shop | plant | plants | mill | vendor | vendors | fabricator | processor | winery | gym | gyms | salon | salons | spa | law firm | accountant | accountants | cpa | dentist | dentists | doctor | doctors | vet | vets | physician | physicians | therapist | therapists'
const ORG = alt(ORG_W)
const CHECKIN = `(?:(?:just )?check(?:ing)? in(?! on (?:you|how))|just check(?:ing)? (?:to see|whether|if|back)|touch(?:ing)? base|circl(?:e|ing) back|follow(?:ing)? up (?:on|about|regarding|from|with) (?:my|the|our|your|that|what)|just (?:calling|wanted|reaching out|ringing) to (?:follow up|check|see)|did you (?:get|receive|see|happen to see|get a chance to see) (?:my|them|it|those|that|the (?:email|emails|message|note|voicemail|letter|package|info|information|materials|deck|proposal))\\b|(?:did|have) you (?:had|have|get|got) a chance to (?:look|review|read|go over|check|think)|get a chance to (?:look|review|read|go over)|any (?:thoughts|updates?|news|feedback|word|movement) (?:on|about|regarding|yet)|where (?:things|you|we) (?:landed|stand|are at|ended up)|keep (?:checking|following up|trying)|(?:the|my) (?:voicemail|email|message|note) (?:i|we) (?:left|sent)|(?:wanted|want) to see if (?:you|there) (?:had|got|were|are|was|have)|see if there (?:were|are) any (?:updates|thoughts|questions)|just (?:wanted|calling) to see (?:if|where|how))`

// ---- features -----------------------------------------------------------
/**
 * name, regex source, and the words any match must contain (the prefilter:
 * a pattern only runs when one of them is in the utterance). `word*` is a
 * prefix, `#` any token with a digit, `@LIST` every word of a word class.
 * tests/coach/features.test.ts checks on the whole corpus that the prefilter
 * never changes a feature.
 */
/**
 * More small talk and time checks at a clause's end (coach v2.2, found on w2's openers, where "how are you this
 * evening" read as a probe and its probe then hid every later too-early close): greetings about the buyer's day or
 * business in general ("how are ya", "how is business", "how is the new building treating you", "how have you been"),
 * "is now okay", and the second half of a time check ("…or are you driving", "…or are you in the middle of prep").
 * Each ends the clause, so "how are you handling nights" and "are you in the middle of a renewal with…" stay probes.
 */
const COURTESY_V21 = `how (?:are|is) (?:you|ya|you all|you both|you guys|everyone|everybody|things|business|life|the family)(?: doing| going| holding up)?(?: today| tonight| this (?:morning|afternoon|evening|week)| out there| over there| on your end| both| all| folks)?(?: \\||$)|how (?:is|are) (?:the |your |this |that )?(?:\\S+ ){0,3}treating (?:you|ya|y all|you all)(?: \\||$)|how (?:have|has) (?:you|ya|everyone|things) been(?: \\||$)|(?:^|\\| )(?:\\S+ )?(?:is|s) now (?:still )?(?:ok|okay|good|alright|all right|fine|bad)(?: \\||$)|(?:^|\\| )or is (?:that|this) you(?: \\||$)|(?:^|\\| )or (?:are|were) you (?:just )?(?:driving|on the road|busy|on (?:a|another) call|with (?:a )?(?:customer|customers|client|patient|patients)|in the middle of (?:\\S+ ){0,3}?(?:prep|something|a job|service|lunch|dinner|work|it|things|the day|the rush))(?: right now| at the moment)?(?: \\||$)`

type Pattern = readonly [name: string, source: string, needs: string]

const PATTERNS: readonly Pattern[] = [
  // question structure (no reliance on '?')
  ['q.wh_start', `${START}${WH}\\b(?! a | do not (?:we|i) | (?:we|i|you|they) (?:last |first |just )?(?:talked|spoke|met|chatted|connected|caught up|were|was|sent|saw|went|visited|came) | (?:i|we) (?:want|would|will|am|are|can|could|do|did|usually|typically|found|find|see|saw|recommend|suggest|mean|noticed|hear|heard|have|had|think|love|like)\\b)`, '@WH'],
  ['q.aux_start', `${START}${AUX} ${SUBJ}\\b`, '@AUX'],
  ['q.mid', `\\b(?:so|and|but|then|now|also|or) (?:${WH} (?:${AUX}|is|are) |${AUX} )(?:${YOU}|${SUBJ})\\b`, 'so and but then now also or'],
  ['q.tag', `\\b(?:is that right|is that correct|(?<!all )right|correct|or not|or no|or something else|or something|or what|or longer|or more|or less|is that fair)(?: \\||$)`, 'right correct or fair'],
  ['q.or_alt', `\\b(?:${YOU}|it|they|is it)\\b(?: \\S+){0,6} or (?:\\S+ ){0,3}\\S+(?: \\||$)`, 'or'],
  // an in-situ (echo) question in short turns: "and paying what", "from who" (coach v2.1)
  ['q.wh_end', `(?:^|\\| )(?:\\S+ ){1,4}(?:what|who|whom|where|which one|how much|how many|how long|since when)(?: exactly| again)?(?: \\||$)`, 'what who whom where which much many long when'],
  ['q.how_quant', `\\bhow (?:many|much|often|long|old|quickly|fast|soon|big|far)\\b`, 'how'],
  ['q.you_statement', `${START}(?:${YOU}) (?:are|have|guys|all|do|still|currently|re|send|run|use|sending|running|using|handle|handling)\\b`, '@YOU'],
  // probing: imperative and indirect asks for disclosure
  ['p.imperative', `\\b(?:(?:walk|talk|take|run) me through|tell me (?:a (?:bit|little) |more |a little bit )?(?:about|how|what|who|when|where|why|if|whether|more)|help me understand|give me (?:a |an )?(?:sense|idea|feel|picture|rough idea|ballpark|rundown)|paint (?:me )?a picture|fill me in|(?:^|\\| |you )(?:describe|explain to me|explain how|explain what)|(?<!\\b(?:to|i|we|will|me|us) )share (?:with me )?(?:how|what|a bit|a little)|let me know (?:how|what|who|when|where|if)|i need to (?:know|understand))\\b`, 'walk talk take run tell help give paint fill describe explain share let need'],
  ['p.indirect', `\\b(?:i (?:would|am|was) (?:love|like|keen|interested|curious) (?:to )?(?:hear|know|learn|understand|about|how|what|who|whether|if)|(?:am )?curious (?:(?:though|too|also|then) )?(?:about|how|what|who|when|whether|if|why|where|which)|wonder(?:ing)? (?:how|what|who|if|whether|when|which)|out of curiosity|(?:can|could|may|mind if) i ask (?:you )?(?:what|how|who|when|where|which|whether|if|about)|let me ask (?:you )?(?:what|how|who|about|this))\\b`, 'love like keen interested curious wonder* curiosity ask'],
  ['p.your_biz', `\\b(?:your|you all|you guys|your team s|the team s) (?:\\S+ ){0,3}${BIZ}\\b`, 'your all guys team'],
  ['p.you_disclose', `\\b(?<!how (?:are |is |have |were )?)(?:you|ya|you guys|you all|your team|your folks|your people) (?:are |were |have |do |did )?(?:currently |still |already |now |usually |typically |normally |even )?${DISCLOSE_V}\\b`, 'you ya your'],
  ['p.who_role', `\\bwho (?:else |besides you |on your (?:side|team|end) )?(?:is|would|makes|handles|signs|owns|decides|takes care|do you|is in charge|in charge|would be|should|else|besides|are you|does|on your|makes the|runs|manages|approves|has|gets)\\b|\\b(?:decision maker|make the (?:final )?(?:call|decision)|sign(?:s)? off|in charge of|weigh in)\\b`, 'who decision make sign* charge weigh'],
  ['p.when_ends', `\\bwhen (?:does|is|do|will|did) (?:your|the|that|it|you)\\b(?: \\S+){0,6} (?:renew|renewal|end|ends|expire|expires|up|start|starts|come up|break ground|launch|due)\\b`, 'when'],
  ['p.what_changed', `\\bwhat (?:has |is )?(?:changed|new|different)\\b`, 'what'],
  ['p.now', `\\b${NOW}\\b`, 'right currently today days moment nowadays end side year present now far lately recently'],
  ['p.wh_you_biz', `\\b${WH} (?:\\S+ ){0,4}(?:${YOU})\\b`, '@WH'],
  ['p.biggest', `\\b(?:biggest|hardest|main|top|worst) (?:\\S+ )?(?:headache|challenge|problem|issue|pain|bottleneck|priority|frustration|concern|goal)\\b`, 'biggest hardest main top worst'],
  // courtesy, permission, logistics (not probes)
  ['c.courtesy', `\\b(?:how (?:are|is) (?:you|things|it going|everything|your (?:day|week|morning|monday|afternoon|weekend))(?: doing| going)?(?: today| this (?:morning|afternoon|week))?(?: \\||$)|${COURTESY_V21}|how is it going|how (?:are|is) (?:you|your \\S+) (?:doing|treating you)|how you doing|(?:is|s) (?:now|this|it) (?:still )?(?:a |an )?(?:bad|good|okay|decent|all right|fine|convenient|terrible|rough|busy|crazy|horrible|awful|better|hectic) (?:time|moment)|(?:catch|get|catching|reach) you at (?:a |an )?(?:bad|good|okay|decent|busy) (?:time|moment)|did i (?:catch|get) you|(?:do|did) you (?:have|got) (?:just )?(?:about |maybe |roughly |like )?(?:a |two |one |a quick |a couple |thirty |a few |five |ten |three |\\d+ )?(?:minute|minutes|sec|second|seconds|moment)|you got (?:a |two |one |a quick |thirty |a few |a couple )?(?:minute|minutes|sec|second|seconds|moment)|got (?:a |two |one |a quick |thirty )?(?:minute|sec|second|seconds|moment)|can you (?:still )?hear me|(?:am i|are you still) (?:speaking|talking) (?:with|to)|is this (?:still )?(?:the )?(?:\\S+ ){0,2}(?:\\||$)|am i speaking with|how was (?:the|your) (?:long )?(?:weekend|holiday|trip|vacation|break)|good time to (?:chat|talk)|should i call (?:you )?back|(?:is|are) (?:the )?(?:\\S+ ){0,2}(?:available|around)(?: by any chance| today| right now)?|(?:the )?best (?:email|number|way to reach)|does that make sense|sound good|sounds good|fair enough|(?:are )?you still there|pronounc|you out in the field|is this (?:a |an )?(?:bad|good) time)`, 'how time moment catch get minute* sec* hear speaking talking this back available around best sense sound* fair there pronounc* field now or'],
  ['c.permission', `\\b(?:(?:mind|do you mind|would you mind) if i|(?:would|is|will) it (?:be )?(?:okay|all right|fine|cool) (?:if|for me to)|(?:okay|all right) if i|(?:can|could|may) i (?:share|tell you|give you|take|offer|mention|run|walk you|explain|show you|ask you (?:a|some|two|one|a few|a couple)|ask (?:a|some|two|a few|a couple))|would you be open to (?:me (?:sharing|telling|explaining|asking|giving|running)|hearing|an idea|a quick idea|a quick thought)|(?:want|wanna) to hear|let me (?:share|tell you)|tell you why i (?:called|reached|am calling|am reaching)|(?:a|some|a few|a couple(?: of)?) (?:quick )?questions)\\b`, 'mind okay all fine cool can could may open hear let tell questions'],
  ['c.ack', `^(?:${DISC} )*(?:okay|got it|gotcha|that makes sense|makes sense|i see|i hear you|i understand|understood|totally|fair|no worries|no problem|of course|thank you|thanks|appreciate|wow|interesting|nice|good to know|that is (?:helpful|great|fair|good|common|super common|pretty common|pretty typical|really helpful)|yeah|sure|sorry|oh|mm)\\b`, 'okay got gotcha that makes i understood totally fair no of thank thanks appreciate wow interesting nice good yeah sure sorry oh mm'],
  ['c.thanks', `\\b(?:thanks|thank you|appreciate|have a (?:good|great|nice)|talk (?:soon|then)|take care|see you|bye|goodbye|let you (?:go|get back))\\b`, 'thanks thank appreciate good great nice soon then care see bye goodbye go back'],
  ['c.intro', `\\b(?:this is|it is|my name is|i am|name s) \\S+ (?:\\S+ )?(?:from|with|at|over at|calling from|here)\\b|\\b(?:calling from|here from|over at)\\b`, 'from with at here over'],
  ['c.understand', `\\b(?:i (?:totally |completely )?(?:understand|get it|hear you)|no worries|no problem|not a problem|(?:that is|that s) (?:fair|okay|fine|completely fair|totally fair)|sorry to hear|no pressure)\\b`, 'understand get hear no not that sorry'],
  // closing: commitment asks
  ['cl.verb_obj', `\\b${COMMIT_V}\\b(?: \\S+){0,5} (?:a |an |the |some |our |your |that |this |one )?(?:(?:quick|short|free|brief|no cost|no charge|\\d+ minute|\\d+ min|${NUMW} minute|half hour|hour long|30 minute) )?${COMMIT_OBJ}\\b`, '@COMMIT_OBJ minute* demo* meeting* sample* spot* step*'],
  ['cl.obj', `\\b(?:demo|trial|pilot|proposal|quote|contract|agreement|walkthrough|walk through|consultation|assessment|tour|site visit|invite|calendar|appointment|order form|paperwork|samples?|booth|test campaign|screen share)\\b`, 'demo trial pilot proposal quote contract agreement walkthrough walk consultation assessment tour visit invite calendar appointment order paperwork sample* booth test screen'],
  ['cl.time', `\\b(?:(?<!(?:your|typical|normal|average|usual|busy|a|every|last|that) )${DAY}|next (?:week|month|tuesday|monday|wednesday|thursday|friday)|this (?:week|friday|thursday|afternoon|morning)|later (?:this|today)|the week after next|(?:in the )?next (?:couple|few) (?:of )?(?:days|weeks)|(?:at|around) (?:\\d+|${NUMW}|ten|noon)(?: \\d+)?(?: (?:am|pm|o clock))?\\b|\\d+ ?(?:am|pm)|\\d+(?:am|pm)|${MONTH} \\d+(?:st|nd|rd|th)?|end of (?:the )?(?:week|month|day))\\b`, '@DAY @MONTH next this later week at around # am pm end'],
  ['cl.minutes', `\\b(?:\\d+|${NUMW}|a few|a couple(?: of)?) (?:minute|minutes|min|mins)\\b|\\b(?:half an hour|an hour)\\b`, 'minute* min mins hour'],
  ['cl.availability', `\\b(?:(?:are|would|will) you (?:be )?(?:free|available|around)|(?:does|would|will|could) (?:(?:next |this )?${DAY}|that|next week|this week|\\d+|either|one of those) (?:\\S+ )?work|${DAY} or ${DAY}|how (?:is|does|about|would) (?:${DAY}|next week|this week|that sound|\\d+)|what does your (?:calendar|schedule|week|${DAY}) look|when (?:can|could|should|shall) (?:we|i) (?:meet|get together|talk|chat|sit down|come|stop by|swing by|set|book|schedule|grab|hop on|connect)|when (?:is|would be|s|might be|could be) (?:a )?good time (?:to|for)|works? (?:better )?for you|your calendar|on the calendar|on the books|hold (?:a|the|those|that|some) )`, 'free available around work* @DAY how look time calendar books hold when'],
  ['cl.lets', `\\b(?:let us (?:just |quickly |go ahead and )?(?:get|set|book|schedule|do|lock|grab|find|plan|pencil|put|go|hop|jump|move|start|kick|plan|meet|get you)|shall we|should we (?:set|book|schedule|get|go|do|meet|plan)|i will send (?:you |over )?(?:a |an |the )?(?:calendar )?(?:invite|invitation|agreement|contract|proposal)|(?:can|could|may|let) (?:i|me) (?:put|pencil|book|sign|schedule|get|set) you (?:down|in|on|up|started|set)|put you down|(?:are you|you are|you re) ready to|ready to (?:sign|move|go|get started|place|start|buy|order|commit|pull)|move forward|go ahead (?:with|and)|get (?:you |this |it )?(?:started|going|signed|booked|scheduled|locked)|sign(?:ed)? up|place (?:the|an|your) order|(?:want|wanna) to (?:try|start|give it|test|see (?:it|that|one|how))|(?:do|would) you (?:want|like) (?:to (?:try|start|see|set|book|meet|hop|jump|get|(?:talk|chat|connect|sit down|get together|catch up)(?! about (?:your|how|what|why|where|who|the)))|me to (?:hold|reserve|put together|send (?:over )?(?:the|a|an) (?:quote|proposal|contract|agreement)|book|set|schedule|put you|review|walk|show|go over|take a look|look|come|stop|swing|drop|bring|call|meet|pencil|get you))|(?:want|like) me to (?:hold|reserve|put together|book|set|schedule|review|walk|show|go over|come|stop|swing|drop|bring|pencil|send (?:over )?(?:the|a|an) (?:quote|proposal|contract|agreement|invite))|(?:would|are|were) you (?:be )?(?:interested|open|up|willing) (?:in|to|for) (?:a |an |seeing|taking|doing|trying|setting|getting|us|having|sending|coming|meeting|hopping|jumping|checking|booking|scheduling)|(?:what if|how about (?:if )?) ?(?:i|we) (?:just )?(?:did|do|set|got|had|book|sent|send|put|grabbed|grab|scheduled|schedule|met|meet|talked|talk|hopped|hop|jumped|jump|give|gave|come|came|stop|stopped|swing|drop|bring|brought)|how about (?:${DAY}|next|this|tomorrow|we|i)|i (?:would|am) (?:love|like|want|hoping) to (?:show|get|set|have|invite|book|schedule|walk|see you|meet|come|stop|drop|bring|demo|put|send you (?:a|the) (?:quote|proposal|contract))|i (?:want|would like|would love|am hoping|am going|am trying) to (?:do is |do |just )?(?:set|get|book|schedule|put|grab|lock|have|bring|send you|come|stop|swing|drop|show|invite|meet)|(?:lock|locked) in|reserve|are we (?:all )?(?:good|okay|set|clear|ready) to (?:renew|go|move|sign|start|proceed|book|order|lock|get started)|why do not (?:we|i) (?:just )?(?:go ahead and )?(?:get|set|book|schedule|go|start|meet|grab|put|lock|sign|do|hop|jump|try|have|pencil|find))\\b`, 'let shall should send put pencil book sign* schedule get set ready forward ahead place want wanna like interested open up willing if about love hoping going trying lock* reserve good okay clear why'],
  ['cl.worth_it', `\\b(?:(?:would|does|will|is) (?:it|that|there) (?:make sense|be worth|worth|help|be useful|be helpful|hurt) (?:to|for|if|putting|coming|setting|getting|having|doing|a|an|grabbing|booking|taking|it|\\d+|${NUMW}|half|an hour)|would (?:a|an) (?:\\S+ ){0,6}${COMMIT_OBJ} (?:with \\S+ (?:\\S+ )?)?be (?:useful|helpful|worth|valuable|okay)|(?:if|when) (?:it is|that is|you are) (?:useful|helpful|interested|ready)(?: can| would| could| let)?)\\b`, 'sense worth help useful helpful hurt valuable okay interested ready'],
  ['cl.drop_by', `\\b(?:(?:swing|stop|come|drop|pop) (?:by|over|in)|(?:drop|bring) (?:off )?(?:a|some|few|one)|come (?:see|check)|see (?:one|it) (?:running|in action)|get (?:you )?(?:on|in) (?:a|the) (?:call|calendar|phone|room)|hop on|jump on)\\b`, 'swing stop come drop pop bring running action call calendar phone room hop jump'],
  ['cl.send_docs', `\\bsend (?:you |over )?(?:the|a|an|our) (?:\\S+ )?(?:agreement|contract|proposal|quote|order form|paperwork|invoice|docusign|link to start|calendar invite|invite)\\b|\\bcontract signed\\b|\\bget (?:a|the|your) (?:copy|quote|proposal)`, 'send contract copy quote proposal'],
  // giving: results, stories, insights, ideas, resources
  ['g.num', `(?:^| )(?<!\\b(?:at|around|by) )(?:\\d[\\d.]*[a-z]*|${NUMW})\\b(?! (?:minute|minutes|min|mins|am|pm|o clock|seconds))`, '# @NUMW'],
  ['g.pct', `\\b(?:percent|percentage|times (?:more|faster|the|as)|twice|half|double|doubled|triple|tripled|a third|two thirds)\\b|\\b\\d+x\\b`, 'percent percentage times twice half double* triple* third* #'],
  ['g.money', `\\b(?:dollars|bucks|grand|\\d+k|million|thousand)\\b`, 'dollars bucks grand # million thousand'],
  ['g.num_outcome', `\\b${OUTCOME_V}\\b(?: \\S+){0,8} (?:by |to |from |about |around |roughly |nearly |almost |over |under |more than |up to |like |another |an extra |an |a )?(?:\\d|${NUMW}|a third|half|in half)`, '# @NUMW third half'],
  ['g.outcome_v', `\\b(?:averaged|average|cut|cuts|reduced|lowered|dropped|dropping|increased|grew|boosted|added|saved|saves|saving|savings|doubled|tripled|halved|recovered|freed up|frees up|got back|picked up|brought in|brings in|generated|improved|eliminated|avoided|went from|went up|go up|goes up|ramp|convert|converts|passed|covered|covers|earned|turned around|jumped|ended up|sped up|speeds up|found|fixed|stopped|pays for|paid for|payback|killed off|kill off|filled)\\b`, 'averaged average cut* reduced lowered dropped dropping increased grew boosted added saved saves saving savings doubled tripled halved recovered freed frees got picked brought brings generated improved eliminated avoided went go goes ramp convert converts passed covered covers earned turned jumped ended sped speeds found fixed stopped pays paid payback killed kill filled'],
  ['g.outcome_n', `\\b(?:results?|roi|return|returns|revenue|savings|margin|margins|win rate|payback|yield|turnover|churn|no shows|conversion|redemptions|subscribers|applications|repair orders|denials|leads|premium|premiums|bill|spend|rebate|rebates|discount|credit|overtime|idling|remakes|violation|breaches|average order value|chair hours|hours|late payments)\\b`, 'result* roi return returns revenue savings margin* win payback yield turnover churn no conversion redemptions subscribers applications repair denials leads premium* bill spend rebate* discount credit overtime idling remakes violation breaches average chair hours late'],
  ['g.per', `\\b(?:per|a|an|each) (?:month|year|week|day|hour|acre|truck|van|fixture|location|shift|accountant|rep|job|roof|store|unit)\\b`, 'month year week day hour acre truck van fixture location shift accountant rep job roof store unit'],
  ['g.story', `\\b(?:(?:a|an|one|another) (?:\\S+ ){0,4}${ORG}(?: of ours| we work with| we worked with| i work with| in| out of| up near| near| down in| over in| on| across| from| just| two blocks| like yours| with| that| who| did| put| had| was|,)|(?:one|some|a few|two|three|many) of our (?:clients|customers|users|members|shops|practices|partners)|we (?:just )?(?:helped|had|finished|worked with|did this with|found|saw)|last (?:year|quarter|month|spring|fall|summer|winter|season|peak season|peak)|(?:they|he|she) (?:went|cut|saw|added|got|ended|realized|found|freed|passed|avoided|picked|filled|put|used|moved|said|were able|was able|fixed|only got)|case study|in (?:the )?first (?:\\S+ )?(?:days|weeks|months|week|month|quarter|year)|within (?:\\S+ ){1,2}(?:days|weeks|months))\\b`, '@ORG our helped had finished worked did found saw last they he she case first within'],
  ['g.insight', `\\b(?:(?:we|we are|were|i am) (?:are |re )?seeing|what we (?:are )?(?:see|seeing|found)|(?:most|many|a lot of|lots of|nearly all|almost all|half of|plenty of|more and more|the average|the typical|every) (?:\\S+ ){0,2}${ORG}|${ORG} (?:your size|like yours|in your (?:area|market|space|category|industry|region|state|city)|that (?:switch|switched|moved|added|use|used|turn|turned|get|got|put|keep|have|do|did|are|started|fix|fixed)|with (?:\\d|more|over|\\S+ or more|ten|twenty|fifty))|(?:the )?(?:trend|data|research|study|survey|numbers|stats) (?:shows?|says?|is|are)|in our (?:data|numbers|experience)|(?:new|updated|upcoming|latest) (?:\\S+ ){0,3}(?:rule|rules|regulation|regulations|law|laws|requirement|requirements|guidance|threshold|thresholds|standard|standards|program|credit|rebate|policy|mandate|deadline)|(?:tax credit|rebates?|cost share|incentives?|grants?|program) (?:is|are|covering|covers|pays|paying)|(?:is|are|going|prices|rates) (?:going|coming in|running|trending) (?:up|down|higher|lower|soft|hot|around)|heads up|just so you know|for what it is worth|(?:fun|quick) fact|turns out|(?:on|the) average|usually|typically|tends? to|(?:number one|biggest|most common|top|main) (?:reason|mistake|violation|issue|cause|leak|thing|driver)|noticed (?:that|on|your|you)|(?:i|we) saw (?:that )?(?:you|your)|this year|going up)\\b`, 'seeing see found @ORG trend data research study survey numbers stats our new updated upcoming latest credit rebate* share incentive* grant* program going coming running trending heads know worth fact turns average usually typically tend* reason mistake violation issue cause leak thing driver noticed saw year'],
  ['g.idea', `\\b(?:(?:one|a|another|quick|simple|small|easy) (?:\\S+ )?(?:idea|tip|thing|suggestion|trick|thought)(?: i would mention| that (?:works|worked|helps|might help|could help)| you (?:can|could|might)| worth| that)|here is (?:one|an|a|what|something|the thing)|the (?:main|real|big|key|simple|easy|best|whole) (?:trick|idea|thing|tip|secret|lesson|takeaway|move)|you (?:could|might|can|should) (?:try|consider|ask|look|add|move|switch|turn|route|start|save|cut|lock|get|put|use)|worth (?:asking|knowing|looking|checking|a look|having|considering)|even (?:if|without) (?:you|us)|(?:on|by) your own|something you might find useful|the reason i (?:ask|called|am calling|call)|i am calling because|thought (?:it|you|this) (?:was|would|might)|the thing is|might help|could help)\\b`, 'idea tip thing suggestion trick thought here secret lesson takeaway move could might can should worth even own useful reason because help'],
  ['g.dyk', `\\b(?:(?:did|do) you know(?: that)?|have you (?:seen|heard)(?: that| about| of| the)?|were you aware|did you (?:see|hear) (?:that|about|the)|you (?:may|might) not (?:know|have heard|be aware)|just so you know|fun fact)\\b`, 'know seen heard aware see hear fact'],
  ['g.resource', `\\b(?:(?:send|email|share|forward|drop) (?:\\S+ ){0,4}(?:checklist|cheat sheet|report|guide|template|playbook|benchmark|study|article|case study|calculator|list|one pager|whitepaper|data|it over free)|no strings|no charge|free of charge|whether or not|either way|regardless|even if you never|no obligation|on the house|put together a (?:short |quick |one page |simple )?(?:checklist|cheat sheet|guide|list|summary))\\b`, 'send email share forward drop strings charge whether either regardless never obligation house put'],
  ['g.you_benefit', `\\b(?:you (?:would|will|could|can) (?:save|lock|get|cut|keep|avoid|see|pay|not pay|have|free)|(?:saves|save|saving) you|you would not pay|pays for (?:itself|the)|money sitting|on the table|in your pocket)\\b`, 'would will could can save* pays money table pocket'],
  ['g.past_story', `\\b(?:went from|got paid|found (?:like |about )?(?:\\d|${NUMW})|realized|switched|switching|moved (?:their|to|from)|turned on|put (?:panels|ten|\\d)|used it|doing (?:just )?that|doing exactly that|just by)\\b`, 'went paid found realized switch* moved turned put used doing by'],
  // credentials and self-description
  ['cr.worked_with', `\\b(?:we (?:have |ve )?(?:worked|work|partner|partnered) with (?:\\S+ ){0,2}(?:like|including|such as)|(?:we (?:have |ve )?worked with|work with (?:firms|companies|brands|names|clients|practices|businesses) like)|(?:our )?clients (?:include|like)|(?:brands|companies|names|firms|clients) like (?!yours)|trusted by|(?:protect|serve|support|manage|service|work with) (?:over|more than|about|nearly) \\d|(?:over|more than) (?:\\d+|${NUMW}) (?:\\S+ )?(?:clients|customers|firms|companies|businesses|practices|law firms|fleets|brands|reps|suppliers|schools|users|locations|small businesses|business customers))\\b`, 'worked work partner* clients brands companies names firms trusted protect serve support manage service over more'],
  ['cr.award', `\\b(?:voted|named|ranked|rated|awarded|recognized|certified|accredited|award|awards|award winning|tellys?|emmys?|best (?:place|agency|company|provider|firm)|inc \\d+|top rated|top \\d+|(?:number one|number 1|no 1) (?:rated|provider|platform|company|agency|app|firm)|(?:premier|gold|platinum|plus|certified|preferred) partner|fortune \\d+)\\b`, 'voted named ranked rated awarded recognized certified accredited award* telly* emmy* best inc top number no partner fortune'],
  ['cr.size', `\\b(?:(?:leading|largest|biggest|fastest growing|premier|top|number one|best|only) (?:\\S+ ){0,3}(?:provider|company|firm|agency|partner|platform|vendor|app|supplier|shop|institute)|industry leader|one stop|full service|full funnel|end to end|all in one|(?:do|offer|handle|cover) everything|everything from|family owned|fully insured|(?:been|in) (?:business|around)|(?:\\d+|${NUMW}) (?:\\S+ )?years (?:of experience|in business|in the industry|in|running|experience|doing this)|done this for|for (?:the (?:last|past) |over |more than |almost |nearly )?(?:\\d+|${NUMW}) years|in (?:\\d+|${NUMW}) (?:states|countries|cities|markets)|(?:approved|preferred|authorized|certified|official) (?:vendor|supplier|partner|provider|reseller)|we have a (?:\\d+|${NUMW}) percent|since (?:19|20)\\d\\d|founded in|\\d+ (?:employees|people|staff|engineers|consultants|offices|locations|certified)|offices (?:in|across)|we have (?:over |more than )?\\d+|enablement partner)\\b`, 'provider company firm agency partner platform vendor app supplier shop institute leader stop full end one everything family fully business around years done states countries cities markets reseller percent since founded offices #'],
  ['cr.we_start', `${START}(?:we|our|we are|were|i|my|us) \\b`, 'we our were i my us'],
  ['cr.features', `\\b(?:(?:our|the) (?:software|platform|app|tool|system|product|solution|crm|portal) (?:has|does|offers|includes|integrates|lets|gives)|we (?:have|offer|do) (?:\\S+ ){0,2}(?:dashboards?|integrations?|mobile app|e signatures|features|automation)|(?:dashboard|integrations?|mobile app|built in|automated|ai powered|features?|drip campaigns|dialer|document assembly|client portals?)|all in one place)\\b`, 'software platform app tool system product solution crm portal* dashboard* integration* mobile signatures feature* automation built automated powered drip dialer document place'],
  ['cr.generic_help', `\\bwe (?:help|work with|specialize in|serve) (?:\\S+ ){0,3}(?:businesses|companies|firms|practices|brands|teams|organizations|owners)\\b(?: like yours)?`, 'businesses companies firms practices brands teams organizations owners'],
  ['ck.phrase', CHECKIN, 'check* touch* circl* follow* calling wanted reaching ringing my chance thoughts update* news feedback word movement where keep voicemail email message note see did'],
  // soft and statement-form commitment asks (coach v2)
  ['cl.desire_meet', `\\b(?:(?:the reason (?:i am|i was|we are) (?:calling|reaching out)(?: today)? is|i am calling|i was calling|i am reaching out|i wanted to reach out|i called)(?: today)? (?:to|because i would like to|because i want to) (?:quickly |just |briefly )?(?:demonstrate|demo|show you|set up|schedule|book|arrange|see if you|see whether you|get you|invite you|walk you|get (?:some|a few) (?:time|minutes))|(?:i|we|wed) (?:would |am |was |were |have been |had |really |just )*(?:love|like|liked|want|wanted|hoping|hoped|hope|trying|looking|keen|eager) (?:to )?(?:just )?(?:set up|schedule|book|arrange|get together|meet|meet up|come by|come in|come out|stop by|drop by|swing by|pop by|sit down|grab (?:a|some|\\d+|${NUMW})|find (?:a|some) time|get (?:a|some|\\d+|${NUMW}|you|him|her|them) |put (?:a|some|something|you)|set (?:a|some|something)|show you|walk you|give you a (?:demo|tour|call)|invite you|see you|see if (?:you|we|there)|see whether|get on your calendar|get in front of))`, 'love like liked want wanted hoping hoped hope trying looking keen eager reason calling called reach'],
  ['cl.see_if_open', `\\b(?:see|find out|ask|check) (?:if|whether) (?:you|we|your \\S+|there|it|that) (?:would |will |might |could |are |were |is |can |may )?(?:be )?(?:open|interested|available|free|up for|willing|able to (?:meet|hop|jump|get|chat|talk|sit)|have (?:a|some|time|\\d+|${NUMW})|want (?:to|a|some)|like (?:to|a))\\b`, 'see find ask check'],
  ['cl.callback', `\\b(?:(?:call|ring|phone) (?:me|us) (?:back|at|when|on|tomorrow|later)|give (?:me|us) a (?:call|ring|buzz|shout)|(?:return|returning) (?:my|the) call|(?:should|can|could|shall|may) i (?:call|try|reach|ring|phone) (?:you )?(?:back )?(?:again|later|tomorrow|next|on|in|at|this|${DAY})|(?:when|what) (?:is|would be|is a|might be) (?:a )?(?:good|better|best) time (?:to|for me to) (?:call|reach|try|catch|ring)|(?<!\\b(?:i will|i can|let me|i am going to|i am gonna|we will|i would|i could) )(?:call|try|reach) you back (?:on|at|next|tomorrow|later|this|in|${DAY}))\\b`, 'call ring phone give return returning should can could shall may when what try reach will let going'],
  ['cl.offer', `\\b(?:(?:i|we) (?:can|could|will|would be happy to|am happy to|are happy to) (?:go ahead and )?(?:process|place|ship|get|have|set|book|put|lock|start|schedule|enroll|sign|activate|install|deliver|reserve|hold|write up|draw up|open|turn on|switch you|rush)(?: \\S+){0,4} (?:(?:right )?now|today|tonight|this (?:afternoon|morning|week|evening)|tomorrow|right away|immediately|on the spot|while we are on the phone|before (?:we|you) hang up|set up|started|scheduled|booked|signed up|processed|shipped|delivered|in place|going|locked in|on the schedule|on the calendar)|go ahead and (?:process|place|book|schedule|sign|set|get you|put you|start|lock|order|ship|reserve|enroll)|(?:want|would you like|shall|should) (?:me to|i) (?:go ahead and )?(?:process|place|ship|book|order|sign|lock|start|enroll|schedule|reserve|put you|get you|set you))\\b`, 'can could will would am are go want shall should'],
  ['cl.conditional', `\\bif (?:i|we) (?:could|can|were able to|was able to|showed|show|found|find|saved|save|cut|got|get|put|gave|give|helped|help|brought|bring) (?:\\S+ ){0,16}(?:would|will|could|are|is) (?:you|that|it|there) (?:be )?(?:\\S+ )?(?:interested|open|willing|want|like|consider|worth|make sense|give|take|see|meet|try|listen|buy|switch|sign|agree|move|go)\\b`, 'if'],
  ['cl.interest', `\\b(?:(?:would|are|will|might|is) (?:you|that|this|it|your \\S+) (?:be )?(?:at all |even |possibly |maybe |also |be )?(?:interested|open|willing|of interest|worth (?:a|it|your|\\d+|${NUMW}))(?! (?:to|in) (?:hearing|me (?:sharing|telling|explaining|sending|asking)|an idea|a (?:quick )?(?:idea|thought|tip)|knowing|learning|the idea|how|what|why))|(?:is|does|would) (?:that|this|it) (?:\\S+ ){0,2}something (?:that |you )?(?:would |might |could )?(?:be )?(?:of (?:interest|value)|interest you|interested|want|like|worth|consider|help))\\b`, 'would are will might is does something'],
  // non-probing questions (coach v2)
  ['n.clarify', `^(?:${DISC} )*(?:sorry |pardon |excuse me )*(?:what (?:do|did) you (?:mean|say)|what was that|(?:can|could|would) you (?:repeat|say that again|spell|clarify|remind me (?:of )?(?:your|the) name)|did you say|say that again|come again|which one (?:was|is) that|you mean|you said|sorry what|what (?:was|is) (?:the|your) name(?: again)?|who am i speaking with|how do you spell)\\b`, 'what can could would did say come which mean said sorry who how'],
  ['n.routing', `\\b(?:(?:can|could|may|might) i (?:please )?(?:speak|talk) (?:to|with)|(?:is|are) (?:he|she|they|mr|ms|mrs|the owner|the manager|the person|your manager|your boss|the office manager) (?:\\S+ )?(?:in|there|around|available|free|in today|in the office)|(?:transfer|connect|put) me (?:through|to|over)|(?:who|whom) (?:should|would|could|can) i (?:speak|talk|ask|reach|contact|send)|(?:who is|who s) the (?:best|right) (?:person|one|contact) (?:to|for)|(?:leave|take) a message|^(?:\\S+ )?is this (?:\\S+ ){1,3}(?:the )?(?:\\S+ )?(?:owner|manager|director|president|ceo|buyer|head of \\S+)(?: \\||$)|(?:is|are) there (?:a|an) (?:better|good|direct) (?:number|extension|email|line)|(?:his|her|their) (?:direct )?(?:email|number|extension|line|cell))\\b`, 'can could may might is are transfer connect put who whom leave take his her their'],
  ['n.rhetorical', `\\b(?:(?:are|were) you (?:familiar with|aware of) (?:him|her|them|us|me|our|my|the name|who)|have you heard of (?:us|me|him|her|them|our)|tell me if (?:it is|this is|that is|you want me to|i should) (?:worth|keep|continue|stop|hang)|(?:you )?know what i mean|who does not (?:want|like|love|need)|guess what|you know what|what if i (?:told|said to) you|can you imagine|imagine if|would not (?:it|that) be (?:nice|great|good)|is not (?:it|that) (?:great|crazy|wild|funny|amazing))\\b`, 'know who guess what imagine would is familiar aware heard tell'],
  // asking for a few minutes of attention on this call is permission to keep talking, not a commitment (coach v2.1)
  ['n.permission_now', `\\b(?:(?:a few|a couple(?: of)?|just a few|\\d+|${NUMW}|a|one|a quick) (?:more )?(?:minute|minutes|min|mins|moment|moments|second|seconds)\\b(?: \\S+){0,7} (?:right now|now|on the phone|while i have you|at the moment|of your time today)|(?:with|given|if i have|if i could have) your permission|(?:while|since|now that) i (?:have|got) you(?: on the phone)?|(?:right )?now for (?:a few|a couple|\\d+|${NUMW}|just a few) minutes)\\b`, 'now phone have permission got today'],
  // a pseudo-cleft about ourselves ("what really sets us apart is…", "what we pride ourselves on is…") is a statement (coach v2.1)
  ['n.pseudo_cleft', `${START}what (?:(?:really|actually|truly|also|honestly) )?(?:(?:sets|makes|keeps|got|gets|brought|drew|excites|separates) (?:us|me)|(?:we|i) (?:\\S+ ){0,3}?(?:do|offer|pride ourselves on|pride myself on|love|bring|found|focus on|specialize in|are known for|believe|provide|built|build))\\b(?: \\S+){0,6} (?:is|was|are)\\b`, 'what'],
  // praise for something the buyer made or said is a remark, not a question about their business (coach v2.1)
  ['n.compliment', `\\b(?:(?:the|that|this|your) (?:\\S+ ){0,4}(?:you|you guys|your team) (?:shared|gave|wrote|posted|published|presented|put out|sent|did|said|mentioned|recorded|ran|hosted|made|built)\\b(?: \\S+){0,12} (?:was|is|were|has been|have been) (?:really |so |super |very |just |absolutely |pure |honestly |incredibly )?(?:great|gold|helpful|brilliant|amazing|fantastic|awesome|excellent|spot on|useful|insightful|terrific|impressive|fascinating|good|fun|inspiring|eye opening|clever|smart|fire|wonderful|a hit|the best)|(?:i|we) (?:really |just |honestly )?(?:loved|enjoyed|liked|appreciated|learned a lot from|got a lot out of) (?:your|the|that) (?:\\S+ ){0,3}(?:talk|post|article|piece|episode|podcast|webinar|book|presentation|interview|video|newsletter|keynote|panel|thread|blog|session))\\b`, 'great gold helpful brilliant amazing fantastic awesome excellent spot useful insightful terrific impressive fascinating good fun inspiring eye clever smart fire wonderful hit best loved enjoyed liked appreciated learned got'],
  // statement probes (coach v2)
  ['p.need_confirm', `\\b(?:i|we) (?:just )?(?:need|needed|have|would need|will need|want|wanted|would like|am going to need|had) to (?:quickly |just )?(?:confirm|verify|get|know|find out|check|ask|understand|update|clarify|make sure|double check|figure out|learn) (?:\\S+ ){0,3}(?:your|the|what|how|which|who|whether|if|when|where|you)\\b`, 'need needed have want wanted like going had'],
  ['p.i_understand_you', `\\b(?:i|we) (?:understand|hear|heard|see|noticed|read|was told|am told|were told|saw) (?:that )?(?:you|you guys|your (?:\\S+ ){0,2}) (?:are|have|run|use|own|operate|manage|do|currently|recently|just|handle|work|sell|ship|buy|offer|were|had|moved|opened|hired|switched|started|plan|expanding|looking|growing)\\b`, 'understand hear heard see noticed read told saw'],
  ['p.are_you_person', `\\b(?:are|were) you (?:the|in charge|responsible|the one|the person|the right person|the decision|involved|part of)\\b`, 'are were'],
  // other structure
  ['s.greeting', `^(?:${DISC} )*(?:hi|hey|hello|good (?:morning|afternoon|evening)|morning)\\b`, 'hi hey hello good morning'],
  ['s.i_will', `\\b(?:i will|i am going to|i can) (?:send|email|text|keep|try|let|call|follow|be|make|get|have)\\b`, 'will going can'],
  ['s.we_subject_past', `\\b(?:we|they|he|she) (?:just )?(?:had|helped|put|got|saw|found|finished|moved|switched|started|did)\\b`, 'had helped put got saw found finished moved switched started did'],
]

const COMPILED = PATTERNS.map(([name, src]) => [name, new RegExp(src)] as const)
export const __PATTERNS = COMPILED

// ---- prefilter: word -> bitmask of the patterns it can trigger ------------
const LISTS: Record<string, string> = { WH: WH_W, AUX: AUX_W, YOU: YOU_W, NUMW: NUMW_W, DAY: DAY_W, MONTH: MONTH_W, BIZ: BIZ_W, COMMIT_OBJ: COMMIT_OBJ_W, OUTCOME_V: OUTCOME_V_W, ORG: ORG_W }
const MASK_WORDS = Math.ceil(PATTERNS.length / 32)
const WORD_MASK = new Map<string, Uint32Array>()
/** Prefix triggers grouped by their first PREFIX_KEY characters. */
const PREFIX_KEY = 3
const PREFIXES = new Map<string, { prefix: string; mask: Uint32Array }[]>()
const DIGIT_MASK = new Uint32Array(MASK_WORDS)
function addBit(map: Map<string, Uint32Array>, key: string, i: number): void {
  let m = map.get(key)
  if (!m) map.set(key, (m = new Uint32Array(MASK_WORDS)))
  m[i >> 5]! |= 1 << (i & 31)
}
PATTERNS.forEach(([, , needs], i) => {
  for (const n of needs.split(/\s+/).filter(Boolean)) {
    if (n === '#') DIGIT_MASK[i >> 5]! |= 1 << (i & 31)
    else if (n.startsWith('@')) {
      const list = LISTS[n.slice(1)]
      if (list === undefined) throw new Error(`unknown word list ${n}`)
      for (const w of list.split(/[\s|]+/).filter(Boolean)) addBit(WORD_MASK, w, i)
    } else if (n.endsWith('*')) {
      const prefix = n.slice(0, -1)
      if (prefix.length < PREFIX_KEY) throw new Error(`prefix trigger ${n} is shorter than ${PREFIX_KEY} letters`)
      const key = prefix.slice(0, PREFIX_KEY)
      const list = PREFIXES.get(key) ?? []
      let entry = list.find((e) => e.prefix === prefix)
      if (!entry) list.push((entry = { prefix, mask: new Uint32Array(MASK_WORDS) }))
      entry.mask[i >> 5]! |= 1 << (i & 31)
      PREFIXES.set(key, list)
    } else addBit(WORD_MASK, n, i)
  }
})

function orInto(mask: Uint32Array, m: Uint32Array): void {
  for (let w = 0; w < MASK_WORDS; w++) mask[w]! |= m[w]!
}

/** Bitmask of the patterns that can match this token string. */
function candidatePatterns(n: Normalized): Uint32Array {
  const mask = new Uint32Array(MASK_WORDS)
  for (const tok of n.tokens) {
    const t = tok.t
    if (t === '|') continue
    const m = WORD_MASK.get(t)
    if (m) orInto(mask, m)
    if (t.length >= PREFIX_KEY) {
      const list = PREFIXES.get(t.length === PREFIX_KEY ? t : t.slice(0, PREFIX_KEY))
      if (list) for (const e of list) if (t.startsWith(e.prefix)) orInto(mask, e.mask)
    }
    const c = t.charCodeAt(0)
    // number tokens start with a digit; word tokens hold no digits (see normalize.ts)
    if (c >= 48 && c <= 57) orInto(mask, DIGIT_MASK)
  }
  return mask
}

/** Derived (conjunction and length) features. */
const DERIVED = [
  'x.question',
  'x.qmark',
  'x.q_you_biz',
  'x.q_you',
  'x.q_courtesy',
  'x.q_commit',
  'x.num_story',
  'x.num_outcome_nq',
  'x.num_cred',
  'x.statement_num',
  'x.statement_you_benefit',
  'x.imperative_probe',
  'x.permission_only',
  'x.you_statement_tag',
  'x.close_multi',
  'x.ask_biz',
  'x.no_cue',
  't.imperative',
  'x.imp_biz',
  'x.imp_commit',
  'x.stmt_probe',
  'x.soft_close',
  'x.q_nonprobe',
] as const

export const FEATURE_NAMES: readonly string[] = [...PATTERNS.map(([n]) => n), ...DERIVED]
const INDEX = new Map(FEATURE_NAMES.map((n, i) => [n, i]))
export const FEATURE_COUNT = FEATURE_NAMES.length

export interface Match {
  /** Span in the original text. */
  s: number
  e: number
}

export interface Features {
  norm: Normalized
  /** 0/1 per feature, indexed like FEATURE_NAMES. */
  x: Float64Array
  /** Evidence span per feature that fired (undefined otherwise). */
  spans: (Match | undefined)[]
  /** The clause's first pressure form (patterns.ts pressureForm), kept for the no-escape-path detector. */
  pressure?: RegExpExecArray | null
}

function spanOf(n: Normalized, start: number, end: number): Match | undefined {
  if (n.tokens.length === 0) return undefined
  let a = tokenAt(n, start)
  let b = tokenAt(n, Math.max(start, end - 1))
  // skip leading clause breaks and discourse words so evidence starts at the content
  while (a < b && (n.tokens[a]!.t === '|' || DISCOURSE.has(n.tokens[a]!.t))) a++
  while (b > a && n.tokens[b]!.t === '|') b--
  const ta = n.tokens[a]
  const tb = n.tokens[b]
  if (!ta || !tb || ta.t === '|') return undefined
  return { s: ta.s, e: tb.e }
}

const idx = (name: string): number => {
  const i = INDEX.get(name)
  if (i === undefined) throw new Error(`unknown feature ${name}`)
  return i
}
const F = Object.fromEntries(FEATURE_NAMES.map((n) => [n, idx(n)])) as Record<string, number>

// feature indices, resolved once
const I = idx
const Q_WH = I('q.wh_start'), Q_AUX = I('q.aux_start'), Q_MID = I('q.mid'), Q_TAG = I('q.tag'), Q_OR = I('q.or_alt')
const Q_HOW = I('q.how_quant'), Q_YOU_ST = I('q.you_statement'), Q_WHEND = I('q.wh_end')
const P_IMP = I('p.imperative'), P_IND = I('p.indirect'), P_YBIZ = I('p.your_biz'), P_YDIS = I('p.you_disclose')
const P_WHO = I('p.who_role'), P_WHEN = I('p.when_ends'), P_CHG = I('p.what_changed'), P_BIG = I('p.biggest')
const C_COURT = I('c.courtesy'), C_PERM = I('c.permission')
const CL_VO = I('cl.verb_obj'), CL_LETS = I('cl.lets'), CL_AV = I('cl.availability'), CL_WORTH = I('cl.worth_it')
const CL_DOCS = I('cl.send_docs'), CL_TIME = I('cl.time'), CL_MIN = I('cl.minutes'), CL_DROP = I('cl.drop_by')
const G_NUM = I('g.num'), G_PCT = I('g.pct'), G_STORY = I('g.story'), G_NUMOUT = I('g.num_outcome'), G_YB = I('g.you_benefit')
const G_MONEY = I('g.money')
const CR_WW = I('cr.worked_with'), CR_AW = I('cr.award'), CR_SIZE = I('cr.size'), CK = I('ck.phrase')
const X = {
  question: I('x.question'), qmark: I('x.qmark'), qYouBiz: I('x.q_you_biz'), qYou: I('x.q_you'),
  qCourtesy: I('x.q_courtesy'), qCommit: I('x.q_commit'), numStory: I('x.num_story'), numOutcomeNq: I('x.num_outcome_nq'),
  numCred: I('x.num_cred'), statementNum: I('x.statement_num'), statementYouBenefit: I('x.statement_you_benefit'),
  imperativeProbe: I('x.imperative_probe'), permissionOnly: I('x.permission_only'), youStatementTag: I('x.you_statement_tag'),
  closeMulti: I('x.close_multi'), askBiz: I('x.ask_biz'), noCue: I('x.no_cue'),
  imperative: I('t.imperative'), impBiz: I('x.imp_biz'), impCommit: I('x.imp_commit'), stmtProbe: I('x.stmt_probe'),
  softClose: I('x.soft_close'), qNonprobe: I('x.q_nonprobe'),
}
const CL_DESIRE = I('cl.desire_meet'), CL_SEE = I('cl.see_if_open'), CL_CB = I('cl.callback'), CL_OFFER = I('cl.offer')
const CL_COND = I('cl.conditional'), CL_INT = I('cl.interest'), N_CLAR = I('n.clarify'), N_ROUTE = I('n.routing')
const N_RHET = I('n.rhetorical'), P_NEED = I('p.need_confirm'), P_IUY = I('p.i_understand_you'), P_PERSON = I('p.are_you_person')
const SOFT_CLOSE = [CL_DESIRE, CL_SEE, CL_CB, CL_OFFER, CL_COND, CL_INT]
const SPAN_Q = [Q_WH, Q_AUX, Q_MID, Q_HOW, Q_TAG, Q_OR, Q_WHEND]
const SPAN_BIZ = [P_YBIZ, P_YDIS, P_WHO, P_WHEN, Q_HOW, P_CHG, P_BIG]
const SPAN_COMMIT = [CL_VO, CL_LETS, CL_AV, CL_WORTH, CL_DOCS, CL_DROP, CL_TIME]
const YOU_RE = /\b(?:you|your|ya|yours)\b/
const PATTERN_COUNT = COMPILED.length
const REGEXES = COMPILED.map(([, re]) => re)


/**
 * Cue features of one utterance. `prefilter: false` runs every pattern (used by
 * the test that proves the prefilter exact); results are identical either way.
 */
export function extractFeatures(text: string, opts?: FeatureOptions): Features {
  return featuresOf(normalize(text), opts)
}

export interface FeatureOptions {
  /** false: run every pattern (the test that proves the prefilter exact). */
  prefilter?: boolean
  /** Where the clause opens with a verb in imperative form (from the tagger), if it does. */
  imperative?: Match
}

/** Set derived feature i, its evidence from the first of `from` that has a span (module-level: no closure per clause). */
function setFrom(x: Float64Array, spans: (Match | undefined)[], i: number, from: readonly number[]): void {
  x[i] = 1
  for (const f of from) {
    const sp = spans[f]
    if (sp) { spans[i] = sp; break }
  }
}

/** Cue features of an already normalised utterance or clause. */
export function featuresOf(norm: Normalized, opts?: FeatureOptions): Features {
  const x = new Float64Array(FEATURE_COUNT)
  const spans: (Match | undefined)[] = new Array(FEATURE_COUNT)
  const t = norm.text
  const cand = opts?.prefilter === false ? null : candidatePatterns(norm)
  let any = false
  for (let i = 0; i < PATTERN_COUNT; i++) {
    if (cand && (cand[i >> 5]! & (1 << (i & 31))) === 0) continue
    const m = (REGEXES[i] as RegExp).exec(t)
    if (m) {
      x[i] = 1
      any = true
      spans[i] = spanOf(norm, m.index, m.index + m[0].length)
    }
  }
  const question = x[Q_WH] === 1 || x[Q_AUX] === 1 || x[Q_MID] === 1 || x[Q_TAG] === 1 || x[Q_OR] === 1 || x[Q_HOW] === 1 || x[Q_WHEND] === 1 || norm.question
  const you = YOU_RE.test(t)
  const biz = x[P_YBIZ] === 1 || x[P_YDIS] === 1 || x[P_WHO] === 1 || x[P_WHEN] === 1 || x[P_CHG] === 1 || x[Q_HOW] === 1 || x[P_BIG] === 1
  let commitCount = 0
  for (const i of SPAN_COMMIT) if (x[i] === 1) commitCount++
  const commit = commitCount > 0 || x[CL_MIN] === 1
  const num = x[G_NUM] === 1 || x[G_PCT] === 1
  const cred = x[CR_WW] === 1 || x[CR_AW] === 1 || x[CR_SIZE] === 1
  if (question) setFrom(x, spans, X.question, SPAN_Q)
  if (norm.question) x[X.qmark] = 1
  if (question && you && biz && x[CK] !== 1) setFrom(x, spans, X.qYouBiz, SPAN_BIZ)
  if (question && you) setFrom(x, spans, X.qYou, [Q_WH, Q_AUX, Q_MID])
  if (question && x[C_COURT] === 1) setFrom(x, spans, X.qCourtesy, [C_COURT])
  if (question && commit) setFrom(x, spans, X.qCommit, SPAN_COMMIT)
  if (num && x[G_STORY] === 1) setFrom(x, spans, X.numStory, [G_NUMOUT, G_STORY])
  if (x[G_NUMOUT] === 1 && !question) setFrom(x, spans, X.numOutcomeNq, [G_NUMOUT])
  if (num && cred) setFrom(x, spans, X.numCred, [CR_SIZE, CR_WW, CR_AW])
  if (num && !question) setFrom(x, spans, X.statementNum, [G_NUMOUT, G_PCT, G_MONEY, G_NUM])
  if (x[G_YB] === 1 && !question) setFrom(x, spans, X.statementYouBenefit, [G_YB])
  if (x[P_IMP] === 1 && x[C_PERM] !== 1) setFrom(x, spans, X.imperativeProbe, [P_IMP])
  if (x[C_PERM] === 1 && !biz) setFrom(x, spans, X.permissionOnly, [C_PERM])
  if (x[Q_YOU_ST] === 1 && (x[Q_TAG] === 1 || norm.question)) setFrom(x, spans, X.youStatementTag, [Q_YOU_ST])
  if (commitCount >= 2) setFrom(x, spans, X.closeMulti, [CL_LETS, CL_AV, CL_WORTH, CL_VO, CL_DOCS, CL_DROP])
  if ((x[P_IND] === 1 || x[P_IMP] === 1) && biz) setFrom(x, spans, X.askBiz, [P_IND, P_IMP])
  if (!any) x[X.noCue] = 1
  // imperative form (the tagger reads the clause's first words): "walk me through…", "give me a call back"
  const imp = opts?.imperative
  if (imp) {
    x[X.imperative] = 1
    spans[X.imperative] = imp
    if (biz || you) { x[X.impBiz] = 1; spans[X.impBiz] = imp }
    if (commit || x[CL_CB] === 1) { x[X.impCommit] = 1; spans[X.impCommit] = imp }
  }
  if (x[P_NEED] === 1 || x[P_IUY] === 1 || x[P_PERSON] === 1) setFrom(x, spans, X.stmtProbe, [P_NEED, P_IUY, P_PERSON])
  if (SOFT_CLOSE.some((i) => x[i] === 1)) setFrom(x, spans, X.softClose, SOFT_CLOSE)
  if (x[N_CLAR] === 1 || x[N_ROUTE] === 1 || x[N_RHET] === 1 || x[CK] === 1) setFrom(x, spans, X.qNonprobe, [N_CLAR, N_ROUTE, N_RHET, CK])
  // the clause's pressure form (patterns.ts): not a weighted cue (the rule in coach.ts readClause reads it), kept for
  // the no-escape-path detector so the clause is scanned once
  return { norm, x, spans, pressure: pressureForm(t) }
}

/** Check-in phrase ("just checking in", "did you get my email") in the text, as an original-text span. */
export function findCheckIn(f: Features): Match | undefined {
  return f.x[F['ck.phrase'] as number] === 1 ? f.spans[F['ck.phrase'] as number] : undefined
}

/** Credential / self-description phrase ("voted best…", "we've worked with…", "one-stop shop"). */
export function findCredentials(f: Features): Match | undefined {
  for (const name of ['cr.award', 'cr.worked_with', 'cr.size']) {
    const i = F[name] as number
    if (f.x[i] === 1) return f.spans[i]
  }
  return undefined
}

export const FEATURE_INDEX: Readonly<Record<string, number>> = F
