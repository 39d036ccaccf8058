/** The seed of a lead's spintax choices for a step: the preview and the sender share it. */
export const renderSeed = (leadId: string, stepId: string) => `${leadId}:${stepId}`;
