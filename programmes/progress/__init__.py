"""Study progress (issue 17): a trainee's curriculum, results, exemptions and study plan."""
