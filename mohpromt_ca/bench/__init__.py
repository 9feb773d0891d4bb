"""`mohpromt-ca bench`: each scenario measured against the raw primitive it rests on, in the same run."""
