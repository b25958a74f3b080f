// UI strings for the suggested service type and contact reason.
export default {
  suggest: {
    label: 'Suggested',
    loading: 'Reading the summary…',
    accept: 'Accept',
    acceptHint: 'Alt+Enter to accept',
    accepted: 'Suggestion accepted',
    alternatives: 'Also possible',
    noModel: 'No suggestion model yet (more contacts saved with a reason are needed)',
    training: 'The suggestion model is being trained…',
    unsure: 'Not sure — please choose',
    title: 'Learned from your own confirmed history. Press Alt+Enter to accept, or choose yourself.',
  },
}
