/**
 * What a RepMLPNet costs: parameters and multiply-adds of the train-time and deploy-time structure
 * ({@link dev.repmlp.engine.cost.ModelCost}).
 */
package dev.repmlp.engine.cost;
