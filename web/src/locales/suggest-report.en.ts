export default {
  suggestReport: {
    title: 'Suggestion quality',
    hint: 'how often agents keep the suggestion unchanged, and accuracy per contact reason',
    retrain: 'Retrain now',
    trainedAt: 'Model trained',
    examples: 'training examples',
    holdout: 'held-back accuracy',
    confirmed: 'accepted',
    noModel: 'No model yet: it needs at least 30 contacts or tickets with a confirmed reason',
    reason: 'Contact reason',
    suggested: 'Suggested',
    accepted: 'Accepted',
    accuracy: 'Accuracy',
  },
}
