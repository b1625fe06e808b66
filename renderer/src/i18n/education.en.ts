import type { MessageSchema } from './zh-CN';

/** English words of the education screens: the same keys as education.zh-CN.ts. */
export default {
  title: 'Learn about the law',
  choose: 'Choose what you would like to know about',
  home: 'Back to start',
  back: 'Back',
  readAloud: 'Read it all aloud',
  citations: 'Legal basis',
  unavailable: 'The legal-education content cannot be shown right now. Please try again later, or call the 12348 public legal service hotline.',
  version: 'Content version {version} ({published})',
  prompt: {
    topics: 'Learn about the law. Choose what you would like to know about: {topics}.',
    topic: '{topic}. Choose one: {items}.',
  },
  related: {
    'legal-aid': 'Apply for legal aid',
    video: 'Talk to a lawyer on video',
    documents: 'Draft a legal document',
  },
  attract: {
    touch: 'Touch the screen to begin',
    topic: 'Know the law · {topic}',
  },
  tech: {
    title: 'Legal-education content',
    version: 'Version',
    published: 'Published',
    source: 'Source',
    sources: {
      'built-in': 'built in',
      centre: 'pushed by the centre',
    },
    installedAt: 'Installed',
    lastCheck: 'Last update check',
    outcomes: {
      installed: 'new version installed',
      up_to_date: 'up to date',
      not_enrolled: 'not connected to a centre',
      network: 'centre unreachable',
      refused: "the centre's bundle failed verification; the previous version stays",
      centre_error: 'unexpected answer from the centre',
      storage_error: 'could not be saved',
    },
    never: 'not checked yet',
    none: 'no legal-education content available',
    check: 'Check for updates now',
    checking: 'Checking…',
  },
} satisfies MessageSchema['education'];
